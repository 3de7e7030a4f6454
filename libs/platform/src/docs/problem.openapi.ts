import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { openApiSchema } from './zod-openapi';

/** RFC 9457 problem details with the app's codes as the `code` extension member. */
export function problemSchema(codes: Readonly<Record<string, string>>): z.ZodType {
  return z.object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.enum(codes),
  });
}

/** The failures a route answers with, on the docs page, as `application/problem+json`. */
export function ApiProblems(schema: z.ZodType, ...statuses: number[]): MethodDecorator & ClassDecorator {
  const content = { 'application/problem+json': { schema: openApiSchema(schema, 'output') } };
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: 'RFC 9457 problem details', content })),
  );
}
