export { AuthErrorCode } from './auth-error-code';
export { AuthError, type AuthErrorOptions } from './auth.error';
export { statusOf } from './auth-error-status';
export { AuthErrorFilter, OAuthErrors, type OAuthErrorBody } from './auth-error.filter';
export { writeOAuthBodyError } from './oauth-body-error';
export { ApiOAuthErrors, oauthErrorBodySchema } from './oauth-error.openapi';
