import type { ProtectedHeaderParameters } from 'jose';
import { MESSAGES } from './jose-error.mapper';
import { TokenError, type TokenErrorCode } from './token-error';
import { normalizeTyp, TOKEN_PROFILES, type TokenType } from './token-profiles';

// Three base64url segments; the signature may be empty so `alg: none` reaches the alg check.
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export interface PrecheckedToken {
  header: ProtectedHeaderParameters;
  payload: Record<string, unknown>;
  /** The three compact segments, as received. */
  segments: [header: string, payload: string, signature: string];
}

/**
 * The structural checks both verifiers run before any key is looked at, in an order that never lets
 * attacker-chosen header values steer key selection: size, shape, header and payload decoding,
 * `alg` against the type's pinned list, `typ`. One implementation, so jose's path and node:crypto's
 * cannot drift apart on what they refuse and with which code.
 */
export function precheckToken(type: TokenType, token: unknown, maxBytes: number): PrecheckedToken {
  const profile = TOKEN_PROFILES[type];
  if (typeof token !== 'string') fail('token_malformed');
  // Length in chars bounds the byte length from below, so huge strings are refused without a scan.
  if (token.length > maxBytes || Buffer.byteLength(token, 'utf8') > maxBytes) fail('token_too_large');
  if (!COMPACT_JWS.test(token)) fail('token_malformed');
  const segments = token.split('.') as [string, string, string];
  const header = decodeSegment(segments[0]) as ProtectedHeaderParameters;
  const payload = decodeSegment(segments[1]);
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
  return { header, payload, segments };
}

/** `maxAgeSec`: a token with `iat` is refused once older, or when issued in the future beyond the tolerance. */
export function checkAge(payload: unknown, maxAgeSec: number, toleranceSec: number): void {
  const iat = (payload as { iat?: unknown }).iat;
  if (typeof iat !== 'number') return;
  const now = Math.floor(Date.now() / 1000);
  if (iat > now + toleranceSec) fail('token_not_yet_valid');
  if (now - iat > maxAgeSec + toleranceSec) fail('token_expired');
}

export function fail(code: TokenErrorCode, cause?: unknown): never {
  throw new TokenError(code, MESSAGES[code], cause === undefined ? undefined : { cause });
}

function decodeSegment(segment: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch (error) {
    fail('token_malformed', error);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('token_malformed');
  return value as Record<string, unknown>;
}
