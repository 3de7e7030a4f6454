import { applyDecorators } from '@nestjs/common';
import { ApiProblems, ApiZodResponse, problemSchema } from '@gatehouse/platform';
import { z } from 'zod';
import { AuthErrorCode } from './auth-error-code';

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 429 | 503;

/** Every OAuth endpoint failure's body (RFC 6749 5.2 shape), with the app's full list of codes. */
export const oauthErrorBodySchema = z.object({
  error: z.enum(AuthErrorCode),
  error_description: z.string(),
});

/** The failures an OAuth endpoint answers with, on the docs page. */
export const ApiOAuthErrors = (...statuses: ErrorStatus[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiZodResponse(status, oauthErrorBodySchema, 'an error in the RFC 6749 5.2 shape'),
    ),
  );

const authProblemSchema = problemSchema(AuthErrorCode);

/** The failures any other auth route answers with (problem JSON), on the docs page. */
export const ApiAuthErrors = (...statuses: ErrorStatus[]): MethodDecorator & ClassDecorator =>
  ApiProblems(authProblemSchema, ...statuses);
