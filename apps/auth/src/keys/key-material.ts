import { createPrivateKey } from 'node:crypto';
import {
  calculateJwkThumbprint,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importJWK,
  importPKCS8,
  type JWK,
} from 'jose';
import type { KeyEncryption } from '@gatehouse/secrets';
import type { SigningAlg, SigningKey } from './signing-key';

/** A freshly generated key pair in the form it is stored in. */
export interface NewKeyMaterial {
  kid: string;
  alg: SigningAlg;
  publicJwk: JWK;
  privateKeyEncrypted: string;
}

export interface StoredKey extends NewKeyMaterial {
  createdAt: Date;
  activatesAt: Date;
  retiresAt: Date | null;
}

/** Generates a key pair; the kid is the RFC 7638 thumbprint, the private key leaves only sealed. */
export async function generateKeyMaterial(
  alg: SigningAlg,
  encryption: KeyEncryption,
): Promise<NewKeyMaterial> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const exported = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(exported);
  const publicJwk: JWK = { ...exported, kid, alg, use: 'sig' };
  return { kid, alg, publicJwk, privateKeyEncrypted: encryption.encrypt(await exportPKCS8(privateKey), kid) };
}

/** Decrypts and imports a stored key (once per kid per process: the caller caches it). */
export async function openStoredKey(stored: StoredKey, encryption: KeyEncryption): Promise<SigningKey> {
  const pem = encryption.decrypt(stored.privateKeyEncrypted, stored.kid);
  const [privateKey, publicKey] = await Promise.all([
    importPKCS8(pem, stored.alg),
    importJWK(stored.publicJwk, stored.alg),
  ]);
  if (!('type' in publicKey)) throw new Error(`public key of ${stored.kid} did not import as a key`);
  const privateKeyObject = createPrivateKey(pem);
  return { ...stored, privateKey, privateKeyObject, publicKey, publicJwk: publicJwkOf(stored) };
}

/** Only the public members, whatever else the stored JWK holds. */
export function publicJwkOf(stored: Pick<StoredKey, 'publicJwk' | 'kid' | 'alg'>): JWK {
  const { kty, crv, x, y } = stored.publicJwk;
  return { kty, crv, x, ...(y === undefined ? {} : { y }), kid: stored.kid, alg: stored.alg, use: 'sig' };
}
