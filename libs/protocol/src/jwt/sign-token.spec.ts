import { createSecretKey, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { decodeProtectedHeader, generateSecret } from 'jose';
import { createTestIssuer, localJwks } from './test-keys.fixture';
import { serviceTokenKey } from './key-input';
import { signToken, signTokenSync, signTokenThreaded } from './sign-token';
import { TokenError } from './token-error';
import { verifyToken } from './verify-token';
import { verifyTokenNative } from './verify-token-native';

describe('signToken / verifyToken round trip', () => {
  it('signs an access token with the profile typ and kid, and verifies it through a JWKS', async () => {
    const issuer = await createTestIssuer();
    const token = await signToken(
      'access',
      { sub: 'alice', client_id: 'web', roles: ['user'], scope: 'read write' },
      { kid: issuer.kid, alg: 'ES256', key: issuer.privateKey },
      { issuer: 'https://auth', audience: 'gate', expiresInSec: 60 },
    );
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: issuer.kid });
    const { claims, header } = await verifyToken('access', token, localJwks(issuer), {
      issuer: 'https://auth',
      audience: 'gate',
    });
    expect(claims).toMatchObject({ sub: 'alice', roles: ['user'], iss: 'https://auth', aud: 'gate' });
    expect(typeof claims.jti).toBe('string');
    expect(header.kid).toBe(issuer.kid);
  });

  it('verifies EdDSA configuration tokens with a single key', async () => {
    const issuer = await createTestIssuer('cfg', 'EdDSA');
    const token = await signToken(
      'configuration',
      { name: 'geo', provider_host: 'http://provider:7000', permissions: ['auth'] },
      { kid: 'cfg', alg: 'EdDSA', key: issuer.privateKey },
      { issuer: 'provider' },
    );
    const { claims } = await verifyToken('configuration', token, issuer.publicKey, { issuer: 'provider' });
    expect(claims.permissions).toEqual(['auth']);
  });

  it('verifies an HS256 service token keyed by the signature string, with or without typ', async () => {
    const signature = 'a'.repeat(43);
    const claims = {
      host: 'http://geo:3000',
      gate_host: 'http://geo:3001/discovery',
      configuration_token: 'x.y.z',
    };
    const token = await signToken('service', claims, { alg: 'HS256', key: serviceTokenKey(signature) });
    await expect(verifyToken('service', token, serviceTokenKey(signature), {})).resolves.toBeDefined();
    await expect(verifyToken('service', token, serviceTokenKey('b'.repeat(43)), {})).rejects.toMatchObject({
      code: 'signature_invalid',
    });
  });

  it('refuses to sign with an alg outside the profile', async () => {
    const secret = await generateSecret('HS256');
    await expect(signToken('access', {}, { alg: 'HS256', key: secret })).rejects.toMatchObject({
      code: 'alg_not_allowed',
    });
  });

  it('refuses to sign claims its verifiers would refuse', async () => {
    const issuer = await createTestIssuer();
    const attempt = signToken('access', { sub: 'alice' }, { alg: 'ES256', key: issuer.privateKey });
    await expect(attempt).rejects.toBeInstanceOf(TokenError);
    await expect(attempt).rejects.toMatchObject({ code: 'claims_invalid' });
  });
});

describe('signTokenSync (node:crypto, same tokens as signToken)', () => {
  const access = { sub: 'svc', client_id: 'svc', roles: ['service'], scope: 'a:read' };
  const options = { issuer: 'https://auth', audience: 'https://auth', expiresInSec: 60 };
  const pairFor = (alg: 'ES256' | 'EdDSA') =>
    alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');

  it.each(['ES256', 'EdDSA'] as const)(
    'makes %s tokens verifyToken accepts, with the header and claims signToken makes',
    async (alg) => {
      const { privateKey, publicKey } = pairFor(alg);
      const key = { kid: 'k1', alg, key: privateKey };

      const sync = signTokenSync('access', access, key, { ...options, jti: 'j1' });
      const async = await signToken('access', access, key, { ...options, jti: 'j1' });
      const [syncHeader, syncPayload] = sync.split('.');
      const [asyncHeader, asyncPayload] = async.split('.');
      expect(syncHeader).toBe(asyncHeader);
      expect(decodeProtectedHeader(sync)).toEqual({ alg, typ: 'at+jwt', kid: 'k1' });
      // Same claims (iat may tick between the two calls).
      const claimsOf = (segment: string | undefined) => ({
        ...JSON.parse(Buffer.from(segment!, 'base64url').toString()),
        iat: 0,
        exp: 0,
      });
      expect(claimsOf(syncPayload)).toEqual(claimsOf(asyncPayload));

      for (const token of [sync, async]) {
        const { claims } = await verifyToken('access', token, publicKey, options);
        expect(claims).toMatchObject({ ...access, iss: 'https://auth', aud: 'https://auth', jti: 'j1' });
      }
      // Refresh tokens are HS256 now; an asymmetric one is only ever a legacy-refresh token.
      const refreshClaims = { sub: 'svc', client_id: 'svc', sid: randomUUID() };
      expect(() => signTokenSync('refresh', refreshClaims, key, options)).toThrow(
        expect.objectContaining({ code: 'alg_not_allowed' }),
      );
      const refresh = signTokenSync('legacy-refresh', refreshClaims, key, options);
      await expect(verifyToken('legacy-refresh', refresh, publicKey, options)).resolves.toBeDefined();
      // A token of one type is never accepted as another.
      await expect(verifyToken('access', refresh, publicKey, options)).rejects.toMatchObject({
        code: 'typ_mismatch',
      });
      // A random jti when the profile requires one and none is given.
      expect(
        typeof (
          await verifyToken('access', signTokenSync('access', access, key, options), publicKey, options)
        ).claims.jti,
      ).toBe('string');
    },
  );

  it('makes HS256 service tokens keyed like serviceTokenKey', async () => {
    const signature = 'a'.repeat(43);
    const claims = {
      host: 'http://geo:3000',
      gate_host: 'http://geo:3001/discovery',
      configuration_token: 'x.y.z',
    };
    const token = signTokenSync('service', claims, {
      alg: 'HS256',
      key: createSecretKey(serviceTokenKey(signature)),
    });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    await expect(verifyToken('service', token, serviceTokenKey(signature), {})).resolves.toBeDefined();
  });

  it('makes HS256 refresh tokens both verifiers accept, and no other type accepts', async () => {
    const secret = createSecretKey(randomBytes(32));
    const claims = { sub: 'alice', client_id: 'web', sid: randomUUID(), scope: 'profile' };
    const token = signTokenSync('refresh', claims, { kid: 'rt-1', alg: 'HS256', key: secret }, options);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'rt+jwt', kid: 'rt-1' });
    for (const verify of [verifyToken, verifyTokenNative]) {
      const { claims: verified } = await verify('refresh', token, secret, options);
      expect(verified).toMatchObject({ ...claims, iss: 'https://auth', aud: 'https://auth' });
      await expect(verify('access', token, secret, options)).rejects.toMatchObject({
        code: 'alg_not_allowed',
      });
      await expect(verify('legacy-refresh', token, secret, options)).rejects.toMatchObject({
        code: 'alg_not_allowed',
      });
      await expect(verify('service', token, secret, {})).rejects.toMatchObject({ code: 'typ_mismatch' });
    }
  });

  it('refuses claims its verifiers would refuse, and algorithms outside the profile', () => {
    const key = { kid: 'k1', alg: 'ES256' as const, key: pairFor('ES256').privateKey };
    expect(() => signTokenSync('access', { sub: 'svc' }, key, options)).toThrow(
      expect.objectContaining({ code: 'claims_invalid' }),
    );
    expect(() => signTokenSync('service', {}, key)).toThrow(
      expect.objectContaining({ code: 'alg_not_allowed' }),
    );
  });
});

describe('signTokenThreaded (node:crypto on the threadpool, same tokens as signTokenSync)', () => {
  const access = { sub: 'svc', client_id: 'svc', roles: ['service'], scope: 'a:read' };
  const options = { issuer: 'https://auth', audience: 'https://auth', expiresInSec: 60, jti: 'j1' };

  it.each([
    ['ES256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' })],
    ['EdDSA', () => generateKeyPairSync('ed25519')],
  ] as const)(
    'makes %s tokens that verify, with the header and claims signTokenSync makes',
    async (alg, pair) => {
      const { privateKey, publicKey } = pair();
      const key = { kid: 'k1', alg, key: privateKey };
      const threaded = await signTokenThreaded('access', access, key, options);
      const sync = signTokenSync('access', access, key, options);
      const claimsOf = (token: string) => ({
        ...JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()),
        iat: 0,
        exp: 0,
      });
      expect(threaded.split('.')[0]).toBe(sync.split('.')[0]);
      expect(claimsOf(threaded)).toEqual(claimsOf(sync));
      const { claims } = await verifyToken('access', threaded, publicKey, options);
      expect(claims).toMatchObject({ ...access, jti: 'j1' });
      // A different key's signature does not verify: the signature really is over this token.
      await expect(verifyToken('access', threaded, pair().publicKey, options)).rejects.toMatchObject({
        code: 'signature_invalid',
      });
    },
  );

  it('signs HS256 too, and refuses what signTokenSync refuses', async () => {
    const signature = 'a'.repeat(43);
    const claims = {
      host: 'http://geo:3000',
      gate_host: 'http://geo:3001/discovery',
      configuration_token: 'x.y.z',
    };
    const token = await signTokenThreaded('service', claims, {
      alg: 'HS256',
      key: createSecretKey(serviceTokenKey(signature)),
    });
    await expect(verifyToken('service', token, serviceTokenKey(signature), {})).resolves.toBeDefined();
    const key = {
      kid: 'k1',
      alg: 'ES256' as const,
      key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    };
    await expect(signTokenThreaded('access', { sub: 'svc' }, key, options)).rejects.toMatchObject({
      code: 'claims_invalid',
    });
    await expect(signTokenThreaded('service', {}, key)).rejects.toMatchObject({ code: 'alg_not_allowed' });
  });
});
