import type { KeyObject } from 'node:crypto';
import type { CryptoKey, JWK } from 'jose';

/** Algorithm of the keys we create; the protocol pins access and refresh tokens to ES256 or EdDSA. */
export const SIGNING_ALG = 'ES256';
export type SigningAlg = 'ES256' | 'EdDSA';

/** A signing key ready to use: private key decrypted and imported once, then kept in memory. */
export interface SigningKey {
  readonly kid: string;
  readonly alg: SigningAlg;
  readonly privateKey: CryptoKey;
  /** The same private key for node:crypto, which signs without WebCrypto's per-call job. */
  readonly privateKeyObject: KeyObject;
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
  readonly createdAt: Date;
  readonly activatesAt: Date;
  readonly retiresAt: Date | null;
}

/** Published: in the JWKS, and accepted for verification. */
export function isPublished(key: SigningKey, now: Date): boolean {
  return key.retiresAt === null || key.retiresAt > now;
}

/** The key that signs now: the most recently activated published key. */
export function selectSigner(keys: readonly SigningKey[], now: Date): SigningKey | undefined {
  let best: SigningKey | undefined;
  for (const key of keys) {
    if (key.activatesAt > now || !isPublished(key, now)) continue;
    if (!best || key.activatesAt > best.activatesAt) best = key;
  }
  return best;
}
