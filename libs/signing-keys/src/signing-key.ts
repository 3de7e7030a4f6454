import type { KeyObject } from 'node:crypto';
import type { CryptoKey, JWK } from 'jose';

/** Algorithms of the keys we create: the protocol pins our tokens to ES256 or EdDSA. */
export type SigningAlg = 'ES256' | 'EdDSA';

/** The algorithm of a stored row; anything else means the row was not written by us. */
export function signingAlgOf(value: string): SigningAlg {
  if (value === 'ES256' || value === 'EdDSA') return value;
  throw new Error(`unsupported signing key algorithm ${value}`);
}

/**
 * A key's life, told by timestamps rather than a status, so every replica derives the same view
 * from the same rows: published from `createdAt`, signs from `activatesAt`, leaves the JWKS at
 * `retiresAt` (null until a newer key replaces it).
 */
export interface KeyTimes {
  readonly createdAt: Date;
  readonly activatesAt: Date;
  readonly retiresAt: Date | null;
}

/** A freshly generated key pair in the form it is stored in: the private half sealed to its kid. */
export interface NewSigningKey {
  readonly kid: string;
  readonly alg: SigningAlg;
  readonly publicJwk: JWK;
  readonly privateKeyEncrypted: string;
}

export interface StoredSigningKey extends NewSigningKey, KeyTimes {}

/** A key ready to use: decrypted and imported once per kid per process, then kept in memory. */
export interface SigningKey extends KeyTimes {
  readonly kid: string;
  readonly alg: SigningAlg;
  /** Only the public members, whatever else the stored JWK holds. */
  readonly publicJwk: JWK;
  readonly publicKey: CryptoKey;
  /** For node:crypto, which signs without WebCrypto's per-call job. */
  readonly privateKeyObject: KeyObject;
}
