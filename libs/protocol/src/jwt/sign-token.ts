import { createHmac, type KeyObject, randomUUID, sign, type SignKeyObjectInput } from 'node:crypto';
import { type JWTPayload, SignJWT } from 'jose';
import { TOKEN_CLAIMS_SCHEMAS } from './token-claims';
import { TokenError } from './token-error';
import { type AsymmetricAlg, TOKEN_PROFILES, type TokenAlg, type TokenType } from './token-profiles';
import type { SigningKey } from './key-input';

export interface SignOptions {
  issuer?: string;
  audience?: string | string[];
  /** Sets `exp` to now + this many seconds. */
  expiresInSec?: number;
  /** Sets `nbf` to now + this many seconds. */
  notBeforeSec?: number;
  /** Defaults to the claim given, else a random UUID when the profile requires `jti`. */
  jti?: string;
}

/** A key in node:crypto form for `signTokenSync` (a private key, or an HMAC secret for HS256). */
export interface NodeSigningKey {
  kid?: string;
  alg: TokenAlg;
  key: KeyObject;
}

/**
 * Signs a token of the given type with the profile's `typ` and the key's `alg`/`kid`. The final
 * payload is validated against the type's schema first, so an issuer can never emit a token its
 * own verifiers would refuse.
 */
export async function signToken(
  type: TokenType,
  claims: Readonly<Record<string, unknown>>,
  key: SigningKey,
  options: SignOptions = {},
): Promise<string> {
  const { header, payload } = prepareToken(type, claims, key, options);
  return new SignJWT(payload as JWTPayload).setProtectedHeader(header).sign(key.key);
}

/**
 * The token `signToken` makes (same header, claims and checks), signed with node:crypto in the
 * calling thread. For hot paths: WebCrypto, which jose uses, runs every signature as an async job
 * on libuv's threadpool, with 100-200 µs of main-thread overhead per token on a small machine
 * against ~45 µs for an ES256 signature itself, and queues behind whatever else uses the pool
 * (argon2id hashing, in the auth service).
 */
export function signTokenSync(
  type: TokenType,
  claims: Readonly<Record<string, unknown>>,
  key: NodeSigningKey,
  options: SignOptions = {},
): string {
  const input = signingInput(prepareToken(type, claims, key, options));
  return `${input}.${signature(key, input).toString('base64url')}`;
}

/**
 * `signTokenSync`'s token, with the signature computed by node:crypto on libuv's threadpool (not
 * WebCrypto, see `signTokenSync`): the calling thread spends ~10 µs queueing the job instead of
 * ~30 µs signing ES256, and its event loop serves other requests while another core signs. In the
 * auth service's bench this took client_credentials from 1.18-1.26x to 1.45-1.80x the peer. HS256
 * stays inline (an HMAC costs less than the hand-off). The pool is shared: callers that also run
 * long jobs there (argon2id) should bound those so a thread stays free for signatures.
 */
export async function signTokenThreaded(
  type: TokenType,
  claims: Readonly<Record<string, unknown>>,
  key: NodeSigningKey,
  options: SignOptions = {},
): Promise<string> {
  const input = signingInput(prepareToken(type, claims, key, options));
  const bytes =
    key.alg === 'HS256' ? signature(key, input) : await threadedSignature(key.alg, key.key, input);
  return `${input}.${bytes.toString('base64url')}`;
}

interface PreparedToken {
  header: { alg: string; typ: string; kid?: string };
  payload: Record<string, unknown>;
}

/** What both signers share: the algorithm check, the claim defaults and the schema check. */
function prepareToken(
  type: TokenType,
  claims: Readonly<Record<string, unknown>>,
  key: { kid?: string; alg: string },
  options: SignOptions,
): PreparedToken {
  const profile = TOKEN_PROFILES[type];
  if (!(profile.algorithms as readonly string[]).includes(key.alg)) {
    throw new TokenError('alg_not_allowed', `alg ${key.alg} is not allowed for ${type} tokens`);
  }
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = { ...claims };
  payload['iat'] ??= now;
  if (options.issuer !== undefined) payload['iss'] = options.issuer;
  if (options.audience !== undefined) payload['aud'] = options.audience;
  if (options.expiresInSec !== undefined) payload['exp'] = now + options.expiresInSec;
  if (options.notBeforeSec !== undefined) payload['nbf'] = now + options.notBeforeSec;
  if (options.jti !== undefined) payload['jti'] = options.jti;
  else if (profile.requiredClaims.includes('jti')) payload['jti'] ??= randomUUID();

  const checked = TOKEN_CLAIMS_SCHEMAS[type].safeParse(payload);
  if (!checked.success) {
    const paths = checked.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
    throw new TokenError('claims_invalid', `invalid ${type} token claims: ${paths}`);
  }
  const header = { alg: key.alg, typ: profile.typ, ...(key.kid === undefined ? {} : { kid: key.kid }) };
  return { header, payload };
}

/** `header.payload`, the bytes a JWS signature covers. */
function signingInput({ header, payload }: PreparedToken): string {
  return `${base64urlJson(header)}.${base64urlJson(payload)}`;
}

function signature(key: NodeSigningKey, input: string): Buffer {
  const data = Buffer.from(input, 'ascii');
  if (key.alg === 'HS256') return createHmac('sha256', key.key).update(data).digest();
  const { algorithm, keyInput } = asymmetricSign(key.alg, key.key);
  return sign(algorithm, data, keyInput);
}

function threadedSignature(alg: AsymmetricAlg, key: KeyObject, input: string): Promise<Buffer> {
  const { algorithm, keyInput } = asymmetricSign(alg, key);
  return new Promise((resolve, reject) =>
    sign(algorithm, Buffer.from(input, 'ascii'), keyInput, (err, result) =>
      err ? reject(err) : resolve(result),
    ),
  );
}

/** node:crypto's `sign` arguments for a JWS asymmetric algorithm (one place for both signers). */
function asymmetricSign(
  alg: AsymmetricAlg,
  key: KeyObject,
): { algorithm: string | null; keyInput: SignKeyObjectInput | KeyObject } {
  switch (alg) {
    // JWS ES256 is r || s (RFC 7518 §3.4), not DER.
    case 'ES256':
      return { algorithm: 'sha256', keyInput: { key, dsaEncoding: 'ieee-p1363' } };
    case 'EdDSA':
      return { algorithm: null, keyInput: key };
  }
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}
