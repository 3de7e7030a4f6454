import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { base64url, decodeProtectedHeader, SignJWT, type JWTPayload } from 'jose';
import { signTokenSync, TokenError, type TokenErrorCode } from '@gatehouse/protocol';
import { KeyEncryption } from '@gatehouse/secrets';
import { authConfigFrom } from '../../config';
import { REFRESH_TOKEN_KEY_INFO, RefreshTokenKey } from '../../keys';
import { RefreshTokenMac } from './refresh-token-mac';

const ISSUER = 'https://auth.test';
const CLAIMS = {
  sub: 'alice',
  client_id: 'web',
  sid: 'c1f8e2f4-6b1e-4a43-9a3b-7d3f0c2f5a10',
  scope: 'profile',
};

const kek = randomBytes(32);
const key = RefreshTokenKey.derive(new KeyEncryption(kek));
const macFor = (k: RefreshTokenKey, issuer = ISSUER) =>
  new RefreshTokenMac(authConfigFrom({ AUTH_ISSUER: issuer }), k);
const mac = macFor(key);

const encode = (value: unknown): string => base64url.encode(JSON.stringify(value));
const nowSec = () => Math.floor(Date.now() / 1000);
const payload = (overrides: JWTPayload = {}): JWTPayload => ({
  ...CLAIMS,
  iss: ISSUER,
  aud: ISSUER,
  iat: nowSec(),
  exp: nowSec() + 60,
  jti: 'j1',
  ...overrides,
});
/** A token MACed with our key but with a header of the test's choosing. */
const forge = (header: Record<string, unknown>, claims = payload()) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'rt+jwt', kid: key.kid, ...header })
    .sign(key.key);

async function refusal(token: string): Promise<TokenErrorCode> {
  const error: unknown = await mac.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenError);
  return (error as TokenError).code;
}

describe('RefreshTokenKey', () => {
  it('is HKDF of the key-encryption key with a versioned label: the same key and kid on every replica', () => {
    const again = RefreshTokenKey.derive(new KeyEncryption(Buffer.from(kek)));
    expect(again.kid).toBe(key.kid);
    expect(again.key.equals(key.key)).toBe(true);
    expect(key.key.export()).toEqual(new KeyEncryption(kek).deriveKey(REFRESH_TOKEN_KEY_INFO));
    expect(key.key.symmetricKeySize).toBe(32);
  });

  it('names the key without revealing it, and another key-encryption key gives another kid', () => {
    const secret = key.key.export();
    expect(key.kid).toMatch(/^rt-[A-Za-z0-9_-]{16}$/);
    expect(key.kid).not.toContain(secret.toString('base64url').slice(0, 8));
    expect(RefreshTokenKey.derive(new KeyEncryption(randomBytes(32))).kid).not.toBe(key.kid);
  });
});

describe('RefreshTokenMac', () => {
  it('signs HS256 refresh tokens for this server alone, which it verifies', async () => {
    const token = mac.sign(CLAIMS, 60, 'j1');
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'rt+jwt', kid: key.kid });
    await expect(mac.verify(token)).resolves.toMatchObject({
      ...CLAIMS,
      iss: ISSUER,
      aud: ISSUER,
      jti: 'j1',
    });
    // Another replica (same key-encryption key) accepts it.
    await expect(macFor(RefreshTokenKey.derive(new KeyEncryption(kek))).verify(token)).resolves.toBeDefined();
  });

  it('refuses a tampered payload or signature', async () => {
    const [header, , signature] = mac.sign(CLAIMS, 60, 'j1').split('.');
    expect(await refusal(`${header}.${encode(payload({ sub: 'root' }))}.${signature}`)).toBe(
      'signature_invalid',
    );
    const bytes = Buffer.from(signature!, 'base64url');
    bytes[0] = bytes[0]! ^ 1;
    const [h, p] = mac.sign(CLAIMS, 60, 'j1').split('.');
    expect(await refusal(`${h}.${p}.${bytes.toString('base64url')}`)).toBe('signature_invalid');
  });

  it('refuses another MAC key as an unknown kid, not as a bad signature', async () => {
    const other = macFor(RefreshTokenKey.derive(new KeyEncryption(randomBytes(32))));
    expect(await refusal(other.sign(CLAIMS, 60, 'j1'))).toBe('kid_unknown');
    expect(await refusal(await forge({ kid: 'rt-AAAAAAAAAAAAAAAA' }))).toBe('kid_unknown');
    expect(await refusal(await forge({ kid: undefined }))).toBe('kid_unknown');
  });

  it('refuses an expired token (no clock tolerance) and another issuer', async () => {
    expect(await refusal(await forge({}, payload({ iat: nowSec() - 61, exp: nowSec() - 1 })))).toBe(
      'token_expired',
    );
    expect(await refusal(macFor(key, 'https://elsewhere.test').sign(CLAIMS, 60, 'j1'))).toBe('iss_mismatch');
  });

  it('refuses alg none and an asymmetric signature (alg_not_allowed: the legacy path may take it)', async () => {
    expect(
      await refusal(`${encode({ alg: 'none', typ: 'rt+jwt', kid: key.kid })}.${encode(payload())}.`),
    ).toBe('alg_not_allowed');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const legacy = signTokenSync(
      'legacy-refresh',
      CLAIMS,
      { kid: 'k1', alg: 'ES256', key: privateKey },
      {
        issuer: ISSUER,
        audience: ISSUER,
        expiresInSec: 60,
      },
    );
    expect(await refusal(legacy)).toBe('alg_not_allowed');
  });

  it('refuses another typ, even MACed with our key', async () => {
    expect(await refusal(await forge({ typ: 'at+jwt' }))).toBe('typ_mismatch');
    expect(await refusal(await forge({ typ: undefined }))).toBe('typ_mismatch');
  });
});
