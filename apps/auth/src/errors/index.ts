export { AuthErrorCode } from './auth-error-code';
export { AuthError, type AuthErrorOptions } from './auth.error';
export { statusOf } from './auth-error-status';
export { authErrors, AuthErrorFilter, AuthErrors, OAuthErrorFilter, OAuthErrors } from './auth-error.filter';
export { writeAuthBodyError } from './oauth-body-error';
export { ApiOAuthErrors, ApiAuthErrors, oauthErrorBodySchema } from './oauth-error.openapi';
