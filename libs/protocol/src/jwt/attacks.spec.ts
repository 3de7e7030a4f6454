import { createSecretKey, KeyObject, randomBytes } from 'node:crypto';
import { base64url, exportSPKI, SignJWT, type JWTPayload } from 'jose';
import { signToken } from './sign-token';
import { createTestIssuer, localJwks, nowSec, type TestIssuer } from './test-keys.fixture';
import { serviceTokenKey } from './key-input';
import { TokenError, type TokenErrorCode } from './token-error';
import { verifyToken, type VerifyOptions } from './verify-token';
import { verifyTokenNative } from './verify-token-native';
import type { TokenType } from './token-profiles';

// Each case forges or bends one property of an otherwise valid token and asserts the exact code.
const ISS = 'https://auth.example';
const AUD = 'gate';
const OPTIONS: VerifyOptions = { issuer: ISS, audience: AUD };

let issuer: TestIssuer;
let other: TestIssuer;

beforeAll(async () => {
  issuer = await createTestIssuer('k1');
  other = await createTestIssuer('k2');
});

function accessClaims(overrides: JWTPayload = {}): JWTPayload {
  const now = nowSec();
  return {
    iss: ISS,
    sub: 'alice',
    aud: AUD,
    iat: now,
    exp: now + 300,
    jti: 'j1',
    client_id: 'web',
    roles: ['user'],
    ...overrides,
  };
}

async function forge(
  payload: JWTPayload,
  header: Record<string, unknown> = {},
  key = issuer.privateKey,
): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'k1', ...header })
    .sign(key);
}

const encode = (value: unknown): string => base64url.encode(JSON.stringify(value));

async function expectCode(promise: Promise<unknown>, code: TokenErrorCode): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenError);
  expect((error as TokenError).code).toBe(code);
}

const verifyAccess = (token: string, options: VerifyOptions = OPTIONS): Promise<unknown> =>
  verifyToken('access', token, localJwks(issuer), options);

describe('verifyToken attack suite', () => {
  it('accepts the untampered baseline token', async () => {
    await expect(verifyAccess(await forge(accessClaims()))).resolves.toMatchObject({
      claims: { sub: 'alice' },
    });
  });

  it('refuses alg none (unsigned token)', async () => {
    const token = `${encode({ alg: 'none', typ: 'at+jwt' })}.${encode(accessClaims())}.`;
    await expectCode(verifyAccess(token), 'alg_not_allowed');
  });

  it('refuses an HS256 token signed with the ES256 public key bytes (algorithm confusion)', async () => {
    const spki = new TextEncoder().encode(await exportSPKI(issuer.publicKey));
    const token = await new SignJWT(accessClaims())
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .sign(spki);
    await expectCode(verifyToken('access', token, issuer.publicKey, OPTIONS), 'alg_not_allowed');
    await expectCode(verifyToken('access', token, spki, OPTIONS), 'alg_not_allowed');
  });

  it('refuses a token signed by a key the JWKS does not hold (unknown kid)', async () => {
    await expectCode(
      verifyAccess(await forge(accessClaims(), { kid: 'k2' }, other.privateKey)),
      'kid_unknown',
    );
  });

  it('refuses a token whose kid names a trusted key but was signed by another key', async () => {
    await expectCode(
      verifyAccess(await forge(accessClaims(), { kid: 'k1' }, other.privateKey)),
      'signature_invalid',
    );
  });

  it('refuses an expired token, beyond the clock tolerance', async () => {
    const now = nowSec();
    await expectCode(
      verifyAccess(await forge(accessClaims({ iat: now - 600, exp: now - 10 }))),
      'token_expired',
    );
  });

  it('refuses nbf in the future and accepts it within the clock tolerance', async () => {
    await expectCode(verifyAccess(await forge(accessClaims({ nbf: nowSec() + 60 }))), 'token_not_yet_valid');
    await expect(verifyAccess(await forge(accessClaims({ nbf: nowSec() + 3 })))).resolves.toBeDefined();
  });

  it('refuses a wrong issuer', async () => {
    await expectCode(
      verifyAccess(await forge(accessClaims({ iss: 'https://evil.example' }))),
      'iss_mismatch',
    );
  });

  it('refuses a wrong audience', async () => {
    await expectCode(verifyAccess(await forge(accessClaims({ aud: 'billing' }))), 'aud_mismatch');
  });

  describe('token type confusion', () => {
    const cases: Array<[string, string, TokenType]> = [
      ['a refresh token presented as access', 'rt+jwt', 'access'],
      ['a configuration token presented as access', 'gatehouse-config+jwt', 'access'],
      ['an access token presented as a legacy refresh token', 'at+jwt', 'legacy-refresh'],
      ['an access token presented as configuration', 'at+jwt', 'configuration'],
      ['an update token presented as access', 'gatehouse-update+jwt', 'access'],
    ];
    it.each(cases)('refuses %s', async (_name, typ, asType) => {
      const token = await forge(accessClaims({ sid: 's1' }), { typ });
      await expectCode(verifyToken(asType, token, localJwks(issuer), OPTIONS), 'typ_mismatch');
    });

    it('refuses a token without typ where the profile requires one', async () => {
      const token = await new SignJWT(accessClaims())
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .sign(issuer.privateKey);
      await expectCode(verifyAccess(token), 'typ_mismatch');
    });

    it('accepts the typ in its application/ and upper-case spelling (RFC 8725 3.11)', async () => {
      await expect(
        verifyAccess(await forge(accessClaims(), { typ: 'application/AT+JWT' })),
      ).resolves.toBeDefined();
    });
  });

  describe('refresh tokens (HS256, keyed by a secret only auth holds) and algorithm confusion', () => {
    const secret = createSecretKey(randomBytes(32));
    const refreshClaims = (overrides: JWTPayload = {}): JWTPayload =>
      accessClaims({ aud: ISS, sid: 's1', roles: undefined, ...overrides });
    const mac = (
      payload: JWTPayload,
      header: Record<string, unknown> = {},
      key: Uint8Array | KeyObject = secret,
    ) =>
      new SignJWT(payload)
        .setProtectedHeader({ alg: 'HS256', typ: 'rt+jwt', kid: 'rt-1', ...header })
        .sign(key);
    const REFRESH: VerifyOptions = { issuer: ISS, audience: ISS };
    const verifiers = [
      ['jose', verifyToken],
      ['node:crypto', verifyTokenNative],
    ] as const;

    describe.each(verifiers)('%s', (_name, verify) => {
      it('accepts a refresh token MACed with the key, and refuses it with another key', async () => {
        const token = await mac(refreshClaims());
        await expect(verify('refresh', token, secret, REFRESH)).resolves.toMatchObject({
          claims: { sid: 's1' },
        });
        await expectCode(
          verify('refresh', token, createSecretKey(randomBytes(32)), REFRESH),
          'signature_invalid',
        );
      });

      it('refuses a token signed with an asymmetric key as a refresh token: an access token, or rt+jwt', async () => {
        await expectCode(
          verify('refresh', await forge(accessClaims()), localJwks(issuer), REFRESH),
          'alg_not_allowed',
        );
        const asymmetric = await forge(refreshClaims(), { typ: 'rt+jwt' });
        await expectCode(verify('refresh', asymmetric, localJwks(issuer), REFRESH), 'alg_not_allowed');
        await expect(verify('legacy-refresh', asymmetric, localJwks(issuer), REFRESH)).resolves.toBeDefined();
      });

      it('refuses an HS256 access token as a refresh token (typ), even MACed with the key', async () => {
        await expectCode(
          verify('refresh', await mac(refreshClaims(), { typ: 'at+jwt' }), secret, REFRESH),
          'typ_mismatch',
        );
      });

      it('refuses alg none, a tampered payload and an expired token', async () => {
        const none = `${encode({ alg: 'none', typ: 'rt+jwt' })}.${encode(refreshClaims())}.`;
        await expectCode(verify('refresh', none, secret, REFRESH), 'alg_not_allowed');
        const [header, , signature] = (await mac(refreshClaims())).split('.');
        const tampered = `${header}.${encode(refreshClaims({ sub: 'root' }))}.${signature}`;
        await expectCode(verify('refresh', tampered, secret, REFRESH), 'signature_invalid');
        const now = nowSec();
        await expectCode(
          verify('refresh', await mac(refreshClaims({ iat: now - 60, exp: now - 1 })), secret, {
            ...REFRESH,
            clockToleranceSec: 0,
          }),
          'token_expired',
        );
      });

      it('refuses a refresh token where an asymmetric type is expected, whatever key is given', async () => {
        const token = await mac(refreshClaims({ roles: ['admin'] }), { typ: 'at+jwt' });
        for (const key of [secret, issuer.publicKey, localJwks(issuer)] as const) {
          await expectCode(verify('access', token, key, OPTIONS), 'alg_not_allowed');
          await expectCode(
            verify('legacy-refresh', await mac(refreshClaims()), key, REFRESH),
            'alg_not_allowed',
          );
        }
      });

      it('refuses an HS256 access token MACed with the public key, offered with the public key as the secret', async () => {
        const spki = new TextEncoder().encode(await exportSPKI(issuer.publicKey));
        const token = await mac(accessClaims(), { typ: 'at+jwt', kid: 'k1' }, spki);
        for (const key of [
          spki,
          issuer.publicKey,
          KeyObject.from(issuer.publicKey),
          localJwks(issuer),
        ] as const) {
          await expectCode(verify('access', token, key, OPTIONS), 'alg_not_allowed');
        }
      });

      it('never lets a refresh token and a service token (both HS256) pass for each other', async () => {
        await expectCode(verify('service', await mac(refreshClaims()), secret, {}), 'typ_mismatch');
        const service = {
          host: 'http://geo:3000',
          gate_host: 'http://geo:3001/d',
          configuration_token: 'a.b.c',
        };
        for (const typ of ['JWT', undefined]) {
          const token = await new SignJWT({ ...refreshClaims(), ...service })
            .setProtectedHeader({ alg: 'HS256', ...(typ === undefined ? {} : { typ }) })
            .sign(secret);
          await expectCode(verify('refresh', token, secret, REFRESH), 'typ_mismatch');
        }
      });
    });
  });

  it('refuses a tampered payload', async () => {
    const [header, , signature] = (await forge(accessClaims())).split('.');
    const token = `${header}.${encode(accessClaims({ roles: ['admin'] }))}.${signature}`;
    await expectCode(verifyAccess(token), 'signature_invalid');
  });

  it('refuses a tampered signature', async () => {
    const [header, payload, signature] = (await forge(accessClaims())).split('.');
    const bytes = base64url.decode(signature!);
    bytes[0] = bytes[0]! ^ 0xff;
    await expectCode(verifyAccess(`${header}.${payload}.${base64url.encode(bytes)}`), 'signature_invalid');
  });

  it('refuses an oversized token before parsing it', async () => {
    // Not even a JWT: had it been parsed first, the code would be token_malformed.
    await expectCode(verifyAccess('x'.repeat(9000)), 'token_too_large');
    const big = await forge(accessClaims({ pad: 'p'.repeat(2000) }));
    await expectCode(verifyAccess(big, { ...OPTIONS, maxTokenBytes: 1024 }), 'token_too_large');
  });

  describe('malformed tokens', () => {
    const payload = (): string => encode(accessClaims());
    const header = encode({ alg: 'ES256', typ: 'at+jwt', kid: 'k1' });
    const cases: Array<[string, () => string]> = [
      ['not three segments', () => `${header}.${payload()}`],
      ['characters outside base64url', () => `${header}.${payload()}.ab+/c=`],
      ['header not base64url JSON', () => `${base64url.encode('{"alg":')}.${payload()}.sig`],
      ['header JSON not an object', () => `${encode(['ES256'])}.${payload()}.sig`],
      ['payload not JSON', () => `${header}.${base64url.encode('not json')}.sig`],
      ['payload JSON not an object', () => `${header}.${encode(42)}.sig`],
      ['empty string', () => ''],
    ];
    it.each(cases)('refuses %s', async (_name, token) => {
      await expectCode(verifyAccess(token()), 'token_malformed');
    });
  });

  describe('missing or invalid claims', () => {
    it.each(['sub', 'exp', 'jti', 'iat'])('refuses an access token without %s', async (claim) => {
      const claims = accessClaims();
      delete claims[claim];
      await expectCode(verifyAccess(await forge(claims)), 'claims_invalid');
    });

    it('refuses claims that fail the type schema (roles missing)', async () => {
      const claims = accessClaims();
      delete claims['roles'];
      await expectCode(verifyAccess(await forge(claims)), 'claims_invalid');
    });

    it('refuses a claim required by the caller', async () => {
      await expectCode(
        verifyAccess(await forge(accessClaims()), { ...OPTIONS, requiredClaims: ['auth_time'] }),
        'claims_invalid',
      );
    });
  });

  describe('service tokens (HS256 keyed by the service signature)', () => {
    const signature = 'S'.repeat(43);
    const claims = { host: 'http://geo:3000', gate_host: 'http://geo:3001/d', configuration_token: 'a.b.c' };

    it('accepts typ JWT or no typ', async () => {
      const key = serviceTokenKey(signature);
      const bare = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(key);
      await expect(verifyToken('service', bare, key, {})).resolves.toBeDefined();
      await expect(
        verifyToken('service', await signToken('service', claims, { alg: 'HS256', key }), key, {}),
      ).resolves.toBeDefined();
    });

    it('refuses a replayed service token: iat older than maxAgeSec, or in the future; passes one without iat', async () => {
      const key = serviceTokenKey(signature);
      const now = Math.floor(Date.now() / 1000);
      const at = (iat: number) =>
        new SignJWT({ ...claims, iat }).setProtectedHeader({ alg: 'HS256' }).sign(key);
      await expectCode(verifyToken('service', await at(now - 306), key, { maxAgeSec: 300 }), 'token_expired');
      await expectCode(
        verifyToken('service', await at(now + 60), key, { maxAgeSec: 300 }),
        'token_not_yet_valid',
      );
      await expect(
        verifyToken('service', await at(now - 200), key, { maxAgeSec: 300 }),
      ).resolves.toBeDefined();
      const seedCompatible = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(key);
      await expect(verifyToken('service', seedCompatible, key, { maxAgeSec: 300 })).resolves.toBeDefined();
    });

    it('refuses an asymmetric token presented as a service token', async () => {
      await expectCode(
        verifyToken('service', await forge(claims, { typ: 'JWT' }), serviceTokenKey(signature), {}),
        'alg_not_allowed',
      );
    });

    it('refuses another typ on a service token', async () => {
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .sign(serviceTokenKey(signature));
      await expectCode(verifyToken('service', token, serviceTokenKey(signature), {}), 'typ_mismatch');
    });
  });

  it('reports an unreachable key source as keys_unavailable, not as a bad token', async () => {
    const failing = (): Promise<never> => Promise.reject(new TypeError('fetch failed'));
    await expectCode(
      verifyToken('access', await forge(accessClaims()), failing, OPTIONS),
      'keys_unavailable',
    );
  });

  it('never leaks a raw jose error', async () => {
    const attempts = [verifyAccess('a.b.c'), verifyAccess(await forge(accessClaims(), {}, other.privateKey))];
    for (const attempt of attempts) await expect(attempt).rejects.toBeInstanceOf(TokenError);
  });
});
