import { UseFilters } from '@nestjs/common';
import { domainErrorFilter, type ErrorTable } from '@gatehouse/platform';
import { AuthError } from './auth.error';
import { AuthErrorCode } from './auth-error-code';
import { statusOf } from './auth-error-status';

/** The auth app's code table; the rest of the mapping is the platform's, shared by every app. */
export const authErrors: ErrorTable<AuthErrorCode> = {
  errorClass: AuthError,
  statusOf,
  frameworkCode: (status) => {
    if (status === 401) return 'invalid_token';
    if (status === 403) return AuthErrorCode.AccessDenied;
    return undefined;
  },
};

/** RFC 9457 problem JSON: admin, challenge and every other non-OAuth route. */
export const AuthErrorFilter = domainErrorFilter(authErrors);
/** RFC 6749 §5.2 bodies: the token, introspection and revocation endpoints. */
export const OAuthErrorFilter = domainErrorFilter(authErrors, 'oauth');

/** `@AuthErrors()` on a controller: its failures as problem JSON. */
export const AuthErrors = (): MethodDecorator & ClassDecorator => UseFilters(AuthErrorFilter);
/** `@OAuthErrors()` on an OAuth endpoint: its failures as `{error, error_description}`. */
export const OAuthErrors = (): MethodDecorator & ClassDecorator => UseFilters(OAuthErrorFilter);
