import { DomainError, type DomainErrorOptions } from '@gatehouse/platform';
import { AuthErrorCode } from './auth-error-code';

export type AuthErrorOptions = DomainErrorOptions;

/** The auth app's one domain error; its filters (auth-error.filter.ts) turn it into an HTTP answer. */
export class AuthError extends DomainError<AuthErrorCode> {
  static invalidRequest(description: string): AuthError {
    return new AuthError(AuthErrorCode.InvalidRequest, description);
  }

  static invalidClient(description = 'client authentication failed'): AuthError {
    return new AuthError(AuthErrorCode.InvalidClient, description);
  }

  static invalidGrant(description: string): AuthError {
    return new AuthError(AuthErrorCode.InvalidGrant, description);
  }
}
