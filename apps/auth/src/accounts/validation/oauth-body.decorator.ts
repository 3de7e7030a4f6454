import { RequestValidationError, validatedBody, ZodValidationPipe } from '@gatehouse/platform';
import type { z } from 'zod';
import { AuthError } from '../../errors';

/**
 * Platform's zod validation, answered as this app's `invalid_request` with the problem named
 * (`username: …`): RequestValidationError keeps its detail in the response object, which the
 * OAuth filter would otherwise reduce to the exception's generic message.
 */
class OAuthZodPipe<S extends z.ZodType> extends ZodValidationPipe<S> {
  override transform(value: unknown): z.infer<S> {
    try {
      return super.transform(value);
    } catch (error) {
      if (!(error instanceof RequestValidationError)) throw error;
      const response = error.getResponse() as { detail?: unknown };
      throw AuthError.invalidRequest(typeof response.detail === 'string' ? response.detail : 'invalid body');
    }
  }
}

/** `@OAuthBody(schema)`: the request body, validated (failures are 400 `invalid_request`) and documented. */
export const OAuthBody = (schema: z.ZodType): ParameterDecorator =>
  validatedBody(new OAuthZodPipe(schema), schema);
