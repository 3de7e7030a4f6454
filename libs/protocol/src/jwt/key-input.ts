import type { CryptoKey, JWTVerifyGetKey, KeyObject } from 'jose';

/** Key material jose accepts: a WebCrypto key, a Node KeyObject, or raw HMAC secret bytes. */
export type KeyMaterial = CryptoKey | KeyObject | Uint8Array;

/**
 * What a verifier checks signatures with: one key, or a resolver picking a key from the token's
 * header (`createRemoteJWKSet`, `createLocalJWKSet`, or `createJwksClient`).
 */
export type KeyInput = KeyMaterial | JWTVerifyGetKey;

/** A private key (or HMAC secret) with the algorithm it is used for and the `kid` to advertise. */
export interface SigningKey {
  kid?: string;
  alg: string;
  key: KeyMaterial;
}

/**
 * The HMAC key of a `service_token` is the UTF-8 bytes of the `signature` string as sent in the
 * register body, which is what common JWT libraries do with a string secret; decoding it first
 * would make raw clients written from PROTOCOL.md disagree with us.
 */
export function serviceTokenKey(signature: string): Uint8Array {
  return new TextEncoder().encode(signature);
}
