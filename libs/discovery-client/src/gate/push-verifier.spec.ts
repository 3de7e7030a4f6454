import { type CryptoKey, exportJWK, generateKeyPair, createLocalJWKSet, SignJWT } from 'jose';
import { sha256Hex, signToken } from '@gatehouse/protocol';
import { PushRejectedError, PushVerifier } from './push-verifier';

const AUD = 'http://svc:3001/discovery';
const ISS = 'http://provider:7000';

describe('PushVerifier', () => {
  let privateKey: CryptoKey;
  let otherKey: CryptoKey;
  let verifier: PushVerifier;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    privateKey = pair.privateKey;
    otherKey = (await generateKeyPair('ES256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' };
    verifier = new PushVerifier({
      keys: createLocalJWKSet({ keys: [jwk] }),
      audiences: () => [AUD, 'instance-1'],
      issuer: ISS,
    });
  });

  const sign = (
    body: string,
    overrides: { key?: CryptoKey; aud?: string; iss?: string; sha?: string } = {},
  ) =>
    signToken(
      'update',
      { sha256: overrides.sha ?? sha256Hex(body) },
      { alg: 'ES256', kid: 'k1', key: overrides.key ?? privateKey },
      { issuer: overrides.iss ?? ISS, audience: overrides.aud ?? AUD, expiresInSec: 60 },
    );

  const rejection = async (header: string | undefined, body: string): Promise<string> => {
    try {
      await verifier.verify(header, Buffer.from(body));
    } catch (error) {
      if (error instanceof PushRejectedError) return error.code;
      throw error;
    }
    return 'accepted';
  };

  it('accepts a signed body addressed to the gate host or the instance id', async () => {
    const body = '{"method":"ping"}';
    await expect(verifier.verify(await sign(body), Buffer.from(body))).resolves.toMatchObject({
      aud: AUD,
      iss: ISS,
    });
    await expect(rejection(await sign(body, { aud: 'instance-1' }), body)).resolves.toBe('accepted');
  });

  it('refuses a missing header', async () => {
    await expect(rejection(undefined, '{}')).resolves.toBe('signature_missing');
  });

  it('refuses a body other than the signed one', async () => {
    await expect(rejection(await sign('{"a":1}'), '{"a":2}')).resolves.toBe('body_mismatch');
    await expect(rejection(await sign('{"a":1}'), '{"a":1} ')).resolves.toBe('body_mismatch');
  });

  it('refuses a key not in the provider JWKS, another audience or issuer', async () => {
    const body = '{}';
    await expect(rejection(await sign(body, { key: otherKey }), body)).resolves.toBe('signature_invalid');
    await expect(rejection(await sign(body, { aud: 'http://elsewhere/discovery' }), body)).resolves.toBe(
      'signature_invalid',
    );
    await expect(rejection(await sign(body, { iss: 'http://evil' }), body)).resolves.toBe(
      'signature_invalid',
    );
  });

  it('refuses another token type and HS256', async () => {
    const body = '{}';
    const wrongTyp = await new SignJWT({ sha256: sha256Hex(body), jti: 'x' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'JWT' })
      .setIssuer(ISS)
      .setAudience(AUD)
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(privateKey);
    await expect(rejection(wrongTyp, body)).resolves.toBe('signature_invalid');
    const hs = await new SignJWT({ sha256: sha256Hex(body), jti: 'x' })
      .setProtectedHeader({ alg: 'HS256', typ: 'gatehouse-update+jwt' })
      .setIssuer(ISS)
      .setAudience(AUD)
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode('k'.repeat(32)));
    await expect(rejection(hs, body)).resolves.toBe('signature_invalid');
    await expect(rejection('garbage', body)).resolves.toBe('signature_invalid');
  });

  it('answers 503 when keys are unavailable, 401 otherwise', () => {
    expect(new PushRejectedError('keys_unavailable', '').status).toBe(503);
    expect(new PushRejectedError('body_mismatch', '').status).toBe(401);
  });
});
