import { AuthErrorCode } from './auth-error-code';

export interface AuthErrorOptions {
  /** Seconds a throttled caller should wait (sent as `Retry-After`). */
  retryAfterSec?: number;
  cause?: unknown;
}

/** The auth app's one domain error; `AuthErrorFilter` turns it into an HTTP answer. */
export class AuthError extends Error {
  readonly retryAfterSec: number | undefined;

  constructor(
    readonly code: AuthErrorCode,
    readonly description: string,
    options: AuthErrorOptions = {},
  ) {
    super(`${code}: ${description}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AuthError';
    this.retryAfterSec = options.retryAfterSec;
  }

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
