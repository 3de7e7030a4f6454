import { Body, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
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

/** `@ZodBody(schema)`: the request body, validated. */
export const ZodBody = (schema: z.ZodType): ParameterDecorator => Body(new ZodValidationPipe(schema));
