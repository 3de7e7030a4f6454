import { TokenError, type TokenErrorCode } from './token-error';

/**
 * Turns whatever jose (or a key resolver) threw into a TokenError. Matching on jose's `code`
 * strings rather than `instanceof` survives two copies of jose in one process. The raw error is
 * kept only as `cause`, for logs; messages are fixed so nothing from the token is echoed.
 */
export function toTokenError(error: unknown): TokenError {
  if (error instanceof TokenError) return error;
  const { code, claim, reason } = readJoseFields(error);
  const mapped = mapCode(code, claim, reason);
  return new TokenError(mapped, MESSAGES[mapped], { cause: error });
}

// jose error codes that decide the outcome on their own.
const BY_JOSE_CODE: Readonly<Record<string, TokenErrorCode>> = Object.freeze({
  ERR_JWT_EXPIRED: 'token_expired',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'signature_invalid',
  ERR_JWKS_NO_MATCHING_KEY: 'kid_unknown',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'kid_unknown',
  ERR_JOSE_ALG_NOT_ALLOWED: 'alg_not_allowed',
  ERR_JWS_INVALID: 'token_malformed',
  ERR_JWT_INVALID: 'token_malformed',
  ERR_JWKS_TIMEOUT: 'keys_unavailable',
  ERR_JWKS_INVALID: 'keys_unavailable',
});

// ERR_JWT_CLAIM_VALIDATION_FAILED says which claim failed a check.
const BY_FAILED_CLAIM: Readonly<Record<string, TokenErrorCode>> = Object.freeze({
  nbf: 'token_not_yet_valid',
  iss: 'iss_mismatch',
  aud: 'aud_mismatch',
  typ: 'typ_mismatch',
});

function mapCode(
  code: string | undefined,
  claim: string | undefined,
  reason: string | undefined,
): TokenErrorCode {
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    // A missing claim is a malformed claim set, whichever claim it is.
    if (reason === 'missing' || claim === undefined) return 'claims_invalid';
    return Object.hasOwn(BY_FAILED_CLAIM, claim) ? BY_FAILED_CLAIM[claim] : 'claims_invalid';
  }
  if (code !== undefined && Object.hasOwn(BY_JOSE_CODE, code)) return BY_JOSE_CODE[code];
  // A key that cannot verify this alg (jose throws TypeError, JOSENotSupported, JWKInvalid): the
  // token was not signed by any key we trust.
  return 'signature_invalid';
}

function readJoseFields(error: unknown): { code?: string; claim?: string; reason?: string } {
  if (typeof error !== 'object' || error === null) return {};
  const fields = error as Record<string, unknown>;
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  return { code: text(fields['code']), claim: text(fields['claim']), reason: text(fields['reason']) };
}

export const MESSAGES: Readonly<Record<TokenErrorCode, string>> = Object.freeze({
  token_too_large: 'token is too large',
  token_malformed: 'token is malformed',
  token_revoked: 'token is revoked',
  alg_not_allowed: 'token algorithm is not allowed',
  typ_mismatch: 'token type is not accepted here',
  kid_unknown: 'token signing key is unknown',
  signature_invalid: 'token signature is invalid',
  token_expired: 'token has expired',
  token_not_yet_valid: 'token is not yet valid',
  iss_mismatch: 'token issuer is not trusted',
  aud_mismatch: 'token audience does not match',
  claims_invalid: 'token claims are invalid',
  keys_unavailable: 'verification keys are unavailable',
});
