/**
 * Stable reasons a token is refused. Callers switch on `code` (to pick an HTTP status, an OAuth
 * error or a JSON-RPC code) and never see a raw jose error. `keys_unavailable` is not a verdict on
 * the token: the key source (remote JWKS) could not be read, so the caller should answer 503.
 */
export type TokenErrorCode =
  | 'token_too_large'
  | 'token_malformed'
  | 'alg_not_allowed'
  | 'typ_mismatch'
  | 'kid_unknown'
  | 'signature_invalid'
  | 'token_expired'
  | 'token_not_yet_valid'
  | 'iss_mismatch'
  | 'aud_mismatch'
  | 'claims_invalid'
  /** Revoked at auth (its `jti`, or its subject disabled), as the revocation feed says. */
  | 'token_revoked'
  | 'keys_unavailable';

export class TokenError extends Error {
  constructor(
    readonly code: TokenErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TokenError';
  }
}

export function isTokenError(error: unknown): error is TokenError {
  return error instanceof TokenError;
}
