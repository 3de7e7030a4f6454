import { createLocalJWKSet, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

// Test fixtures for the JWT specs (not exported from the lib's entry point).
export interface TestIssuer {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

export async function createTestIssuer(
  kid = 'test-key-1',
  alg: 'ES256' | 'EdDSA' = 'ES256',
): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, privateKey, publicKey, publicJwk };
}

export function localJwks(...issuers: TestIssuer[]): ReturnType<typeof createLocalJWKSet> {
  return createLocalJWKSet({ keys: issuers.map((issuer) => issuer.publicJwk) });
}

export const nowSec = (): number => Math.floor(Date.now() / 1000);
