import { Body, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { documentBody } from '../docs/zod-openapi';
import { RequestValidationError } from '../errors/request-validation.error';

/** Validates and narrows a value with a zod schema from the wire contract. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (!result.success) throw new RequestValidationError(result.error.issues);
    return result.data;
  }
}

/** `@ZodBody(schema)`: the request body, validated, and described on the API docs page with the same schema. */
export const ZodBody = (schema: z.ZodType): ParameterDecorator =>
  validatedBody(new ZodValidationPipe(schema), schema);

/** `Body(pipe)` plus the body's schema on the docs page; for apps that answer validation errors their own way. */
export function validatedBody(pipe: PipeTransform, schema: z.ZodType): ParameterDecorator {
  const body = Body(pipe);
  const docs = documentBody(schema);
  return (target, key, index) => {
    body(target, key, index);
    docs(target, key, index);
  };
}
