import { exportJWK, generateKeyPair, type GenerateKeyPairResult, type JWK } from 'jose';
import type { KeyMaterial } from './key-input';
import type { AsymmetricAlg } from './token-profiles';

export type SigningKeyPair = GenerateKeyPairResult;

/**
 * Generates a key pair for an issuer. Extractable, because the auth service and the provider must
 * persist private keys to survive restarts and share them between replicas.
 */
export async function generateSigningKeyPair(alg: AsymmetricAlg): Promise<SigningKeyPair> {
  return generateKeyPair(alg, { extractable: true });
}

// Private members of EC, OKP and RSA JWKs, and the secret of oct keys.
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/**
 * The public JWK to publish at /.well-known/jwks.json. Accepts the private key too (its public
 * part is derived by dropping private members), and refuses symmetric keys outright.
 */
export async function exportPublicJwk(key: KeyMaterial, kid: string, alg: AsymmetricAlg): Promise<JWK> {
  if (key instanceof Uint8Array) throw new TypeError('symmetric keys are never published');
  const jwk: JWK = await exportJWK(key);
  if (jwk.kty === 'oct') throw new TypeError('symmetric keys are never published');
  for (const member of PRIVATE_MEMBERS) delete (jwk as Record<string, unknown>)[member];
  return { ...jwk, kid, alg, use: 'sig' };
}
