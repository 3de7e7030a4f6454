import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiResponse, type SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';

/**
 * A zod schema of the wire contract as an OpenAPI 3.0 schema object: the Swagger page shows the
 * very schema the request is validated with, never a second hand-written copy. Request bodies are
 * described as a client may send them (`input`: a field with a default is optional), responses as
 * they come back.
 */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output'): SchemaObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io,
    unrepresentable: 'any',
  });
  return rest as SchemaObject;
}

/** Documents a request body. `form`: sent as an HTML form (listed first, so Swagger UI shows fields), or as JSON. */
export function ApiZodBody(
  schema: z.ZodType,
  options: { form?: boolean; description?: string } = {},
): MethodDecorator {
  const body = ApiBody({
    schema: openApiSchema(schema, 'input'),
    required: true,
    ...(options.description ? { description: options.description } : {}),
  });
  return options.form
    ? applyDecorators(ApiConsumes('application/x-www-form-urlencoded', 'application/json'), body)
    : body;
}

/** Documents one response of an operation. */
export function ApiZodResponse(
  status: number,
  schema: z.ZodType,
  description: string,
): MethodDecorator & ClassDecorator {
  return ApiResponse({ status, description, schema: openApiSchema(schema, 'output') });
}

/**
 * The parameter decorator form of `ApiZodBody`, for the body decorators that validate with a
 * schema (`ZodBody` and its app variants): validating a body with a schema documents it too.
 */
export function documentBody(schema: z.ZodType): ParameterDecorator {
  return (target, key) => {
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (descriptor) ApiZodBody(schema)(target, key, descriptor);
  };
}
