import {
  decodeJwt,
  decodeProtectedHeader,
  type JWTVerifyGetKey,
  jwtVerify,
  type ProtectedHeaderParameters,
} from 'jose';
import { MESSAGES, toTokenError } from './jose-error.mapper';
import type { KeyInput } from './key-input';
import { TOKEN_CLAIMS_SCHEMAS, type TokenClaimsByType } from './token-claims';
import { TokenError, type TokenErrorCode } from './token-error';
import { normalizeTyp, TOKEN_PROFILES, type TokenType } from './token-profiles';

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
// Three base64url segments; the signature may be empty so `alg: none` reaches the alg check.
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Verifies a token of a given type. The cheap structural checks run first, in an order that never
 * lets attacker-chosen header values steer key selection: size, shape, header/payload decoding,
 * `alg` against the type's pinned list, `typ`; only then jose verifies signature and time claims,
 * and the payload is validated against the type's schema. Every failure is a TokenError.
 */
export async function verifyToken<K extends TokenType, T = TokenClaimsByType[K]>(
  type: K,
  token: string,
  keys: KeyInput,
  options: VerifyOptions,
): Promise<VerifiedToken<T>> {
  const profile = TOKEN_PROFILES[type];
  const maxBytes = options.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES;
  if (typeof token !== 'string') fail('token_malformed');
  // Length in chars bounds the byte length from below, so huge strings are refused without a scan.
  if (token.length > maxBytes || Buffer.byteLength(token, 'utf8') > maxBytes) fail('token_too_large');
  if (!COMPACT_JWS.test(token)) fail('token_malformed');

  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
    decodeJwt(token);
  } catch (error) {
    fail('token_malformed', error);
  }
  if (typeof header.alg !== 'string' || !(profile.algorithms as readonly string[]).includes(header.alg)) {
    fail('alg_not_allowed');
  }
  if (
    header.typ === undefined
      ? !profile.typOptional
      : normalizeTyp(String(header.typ)) !== normalizeTyp(profile.typ)
  ) {
    fail('typ_mismatch');
  }

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

function checkAge(payload: unknown, maxAgeSec: number, toleranceSec: number): void {
  const iat = (payload as { iat?: unknown }).iat;
  if (typeof iat !== 'number') return;
  const now = Math.floor(Date.now() / 1000);
  if (iat > now + toleranceSec) fail('token_not_yet_valid');
  if (now - iat > maxAgeSec + toleranceSec) fail('token_expired');
}

function fail(code: TokenErrorCode, cause?: unknown): never {
  throw new TokenError(code, MESSAGES[code], cause === undefined ? undefined : { cause });
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
