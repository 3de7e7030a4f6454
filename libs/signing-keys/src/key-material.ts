import { createPrivateKey } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, importJWK, type JWK } from 'jose';
import type { KeyEncryption } from '@gatehouse/secrets';
import type { NewSigningKey, SigningAlg, SigningKey, StoredSigningKey } from './signing-key';

/** Generates a key pair; the kid is the RFC 7638 thumbprint, the private key leaves only sealed. */
export async function generateSigningKey(alg: SigningAlg, encryption: KeyEncryption): Promise<NewSigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const exported = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(exported);
  const publicJwk: JWK = { ...exported, kid, alg, use: 'sig' };
  return { kid, alg, publicJwk, privateKeyEncrypted: encryption.encrypt(await exportPKCS8(privateKey), kid) };
}

/**
 * Decrypts and imports a stored key (once per kid per process: the ring caches it). A key sealed
 * with another key-encryption key throws `KeyDecryptionError`, which stops the app at boot.
 */
export async function openSigningKey(
  stored: StoredSigningKey,
  encryption: KeyEncryption,
): Promise<SigningKey> {
  const privateKeyObject = createPrivateKey(encryption.decrypt(stored.privateKeyEncrypted, stored.kid));
  const publicJwk = publicJwkOf(stored);
  const publicKey = await importJWK(publicJwk, stored.alg);
  if (!('type' in publicKey)) throw new Error(`public key of ${stored.kid} did not import as a key`);
  const { createdAt, activatesAt, retiresAt } = stored;
  return {
    kid: stored.kid,
    alg: stored.alg,
    publicJwk,
    publicKey,
    privateKeyObject,
    createdAt,
    activatesAt,
    retiresAt,
  };
}

/** Only the public members, whatever else the stored JWK holds. */
export function publicJwkOf(stored: Pick<StoredSigningKey, 'publicJwk' | 'kid' | 'alg'>): JWK {
  const { kty, crv, x, y } = stored.publicJwk;
  return { kty, crv, x, ...(y === undefined ? {} : { y }), kid: stored.kid, alg: stored.alg, use: 'sig' };
}
