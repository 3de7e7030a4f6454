import { createLocalJWKSet, generateSecret } from 'jose';
import { exportPublicJwk, generateSigningKeyPair } from './signing-keys';
import { signToken } from './sign-token';
import { verifyToken } from './verify-token';
import { TOKEN_PROFILES } from './token-profiles';

describe('signing key helpers', () => {
  it.each(['ES256', 'EdDSA'] as const)('publishes a %s public JWK that verifies tokens', async (alg) => {
    const { privateKey } = await generateSigningKeyPair(alg);
    const jwk = await exportPublicJwk(privateKey, 'k1', alg);
    expect(jwk).toMatchObject({ kid: 'k1', alg, use: 'sig' });
    expect(jwk).not.toHaveProperty('d');
    const claims = { name: 'geo', provider_host: 'http://p:7000', permissions: [] };
    const token = await signToken(
      'configuration',
      claims,
      { kid: 'k1', alg, key: privateKey },
      { issuer: 'p' },
    );
    await expect(
      verifyToken('configuration', token, createLocalJWKSet({ keys: [jwk] }), {}),
    ).resolves.toBeDefined();
  });

  it('never publishes a symmetric key', async () => {
    await expect(
      exportPublicJwk(await generateSecret('HS256', { extractable: true }), 'k', 'ES256'),
    ).rejects.toThrow(TypeError);
    await expect(exportPublicJwk(new Uint8Array(32), 'k', 'ES256')).rejects.toThrow(TypeError);
  });

  it('freezes the token profiles', () => {
    expect(Object.isFrozen(TOKEN_PROFILES)).toBe(true);
    expect(Object.isFrozen(TOKEN_PROFILES.access.algorithms)).toBe(true);
    expect(TOKEN_PROFILES.service).toMatchObject({ algorithms: ['HS256'], typOptional: true });
  });
});
