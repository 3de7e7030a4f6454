import { applyDecorators } from '@nestjs/common';
import { ApiZodResponse } from '@gatehouse/platform';
import { z } from 'zod';
import { AuthErrorCode } from './auth-error-code';

/** Every failure's body (RFC 6749 5.2 shape), with the app's full list of codes. */
export const oauthErrorBodySchema = z.object({
  error: z.enum(AuthErrorCode),
  error_description: z.string(),
});

/** The failures an OAuth-shaped route answers with, on the docs page. */
export const ApiOAuthErrors = (
  ...statuses: (400 | 401 | 403 | 404 | 409 | 429 | 503)[]
): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiZodResponse(status, oauthErrorBodySchema, 'an error in the RFC 6749 5.2 shape'),
    ),
  );
