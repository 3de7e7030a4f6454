/**
 * Every failure the auth app reports. The first six are RFC 6749 §5.2 codes; the rest are the
 * app's own, in the same `{error, error_description}` shape so clients parse one body everywhere.
 */
export enum AuthErrorCode {
  InvalidRequest = 'invalid_request',
  InvalidClient = 'invalid_client',
  InvalidGrant = 'invalid_grant',
  UnauthorizedClient = 'unauthorized_client',
  UnsupportedGrantType = 'unsupported_grant_type',
  InvalidScope = 'invalid_scope',
  /** RFC 7009 §2.2.1: the server cannot revoke this kind of token. */
  UnsupportedTokenType = 'unsupported_token_type',
  /** Authenticated, but not allowed (e.g. a challenge signature that does not verify). */
  AccessDenied = 'access_denied',
  NotFound = 'not_found',
  Conflict = 'conflict',
  TooManyRequests = 'too_many_requests',
  TemporarilyUnavailable = 'temporarily_unavailable',
}
