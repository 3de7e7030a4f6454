import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AccessTokenClaims } from '../schemas/access-token.schema';
import type { AuthenticatedRequest } from './auth-metadata';

/** The verified access token claims of the request (undefined on a route without the guard). */
export const CurrentAuth = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AccessTokenClaims | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().auth,
);
