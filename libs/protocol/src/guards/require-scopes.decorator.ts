import { SetMetadata } from '@nestjs/common';
import { REQUIRED_SCOPES_KEY } from './auth-metadata';

/** Every scope is required; controller and method lists add up. Checked by AccessTokenGuard. */
export const RequireScopes = (...scopes: string[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_SCOPES_KEY, scopes);
