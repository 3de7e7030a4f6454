import { type JWTVerifyGetKey, jwtVerify, type ProtectedHeaderParameters } from 'jose';
import { MESSAGES, toTokenError } from './jose-error.mapper';
import type { KeyInput } from './key-input';
import { TOKEN_CLAIMS_SCHEMAS, type TokenClaimsByType } from './token-claims';
import { TokenError } from './token-error';
import { TOKEN_PROFILES, type TokenType } from './token-profiles';
import { checkAge, fail, precheckToken } from './token-prechecks';

export interface VerifyOptions {
  issuer?: string | string[];
  audience?: string | string[];
  /** Allowed clock skew for exp/nbf, seconds. Default 5. */
  clockToleranceSec?: number;
  /** Tokens above this size are refused before any decoding. Default 8192 bytes. */
  maxTokenBytes?: number;
  /** Claims required on top of the type's own list. */
  requiredClaims?: string[];
  /**
   * When the token has `iat`: refused once older than this many seconds, or issued in the future
   * (beyond the clock tolerance). A token without `iat` passes (jose's `maxTokenAge` would require it).
   */
  maxAgeSec?: number;
}

export interface VerifiedToken<T> {
  claims: T;
  header: ProtectedHeaderParameters;
}

export const DEFAULT_CLOCK_TOLERANCE_SEC = 5;
export const DEFAULT_MAX_TOKEN_BYTES = 8192;

/**
 * Verifies a token of a given type. The cheap structural checks run first (`precheckToken`); only
 * then jose verifies signature and time claims, and the payload is validated against the type's
 * schema. Every failure is a TokenError.
 */
export async function verifyToken<K extends TokenType, T = TokenClaimsByType[K]>(
  type: K,
  token: string,
  keys: KeyInput,
  options: VerifyOptions,
): Promise<VerifiedToken<T>> {
  const profile = TOKEN_PROFILES[type];
  const { header } = precheckToken(type, token, options.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES);

  let payload: unknown;
  try {
    const result = await jwtVerify(token, guardResolver(keys), {
      algorithms: [...profile.algorithms],
      ...(profile.typOptional ? {} : { typ: profile.typ }),
      ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
      ...(options.audience === undefined ? {} : { audience: options.audience }),
      clockTolerance: options.clockToleranceSec ?? DEFAULT_CLOCK_TOLERANCE_SEC,
      requiredClaims: [...profile.requiredClaims, ...(options.requiredClaims ?? [])],
    });
    payload = result.payload;
  } catch (error) {
    throw toTokenError(error);
  }

  if (options.maxAgeSec !== undefined)
    checkAge(payload, options.maxAgeSec, options.clockToleranceSec ?? DEFAULT_CLOCK_TOLERANCE_SEC);
  const checked = TOKEN_CLAIMS_SCHEMAS[type].safeParse(payload);
  if (!checked.success) fail('claims_invalid', checked.error);
  return { claims: checked.data as T, header };
}

/**
 * A resolver that cannot reach its keys (network, timeout, bad JWKS document) says nothing about
 * the token, so it becomes `keys_unavailable` here; an unknown kid stays jose's own error.
 */
function guardResolver(keys: KeyInput): KeyInput {
  if (typeof keys !== 'function') return keys;
  const resolve: JWTVerifyGetKey = async (header, input) => {
    try {
      return await keys(header, input);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'ERR_JWKS_NO_MATCHING_KEY' || code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') throw error;
      throw new TokenError('keys_unavailable', MESSAGES.keys_unavailable, { cause: error });
    }
  };
  return resolve;
}
