import { AuthErrorCode } from './auth-error-code';

/** HTTP status of each code (RFC 6749 §5.2, RFC 7009 §2.2.1); the switch is exhaustive by lint. */
export function statusOf(code: AuthErrorCode): number {
  switch (code) {
    case AuthErrorCode.InvalidClient:
      return 401;
    case AuthErrorCode.AccessDenied:
      return 403;
    case AuthErrorCode.NotFound:
      return 404;
    case AuthErrorCode.Conflict:
      return 409;
    case AuthErrorCode.TooManyRequests:
      return 429;
    case AuthErrorCode.TemporarilyUnavailable:
      return 503;
    case AuthErrorCode.InvalidRequest:
    case AuthErrorCode.InvalidGrant:
    case AuthErrorCode.UnauthorizedClient:
    case AuthErrorCode.UnsupportedGrantType:
    case AuthErrorCode.InvalidScope:
    case AuthErrorCode.UnsupportedTokenType:
      return 400;
  }
}
