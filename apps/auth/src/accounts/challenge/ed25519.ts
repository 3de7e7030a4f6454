import { createPublicKey, type KeyObject, verify } from 'node:crypto';

/**
 * Encodings accepted for the gate's challenge login (documented for clients):
 * - public key: base64url (no padding) of the raw 32-byte Ed25519 key, or a PEM SPKI block
 *   (`-----BEGIN PUBLIC KEY-----`). Stored canonically as base64url raw.
 * - signature: the 64-byte Ed25519 signature over the UTF-8 bytes of `secret`, as base64url
 *   (86 chars, padding allowed) or hex (128 chars). The length tells the two apart.
 */
const rawKeyB64u = /^[A-Za-z0-9_-]{43}$/;
const sigB64u = /^[A-Za-z0-9_-]{86}(?:==)?$/;
const sigHex = /^[0-9a-fA-F]{128}$/;

export class InvalidPublicKeyError extends Error {
  override readonly name = 'InvalidPublicKeyError';
}

/** Canonical base64url raw form of an Ed25519 public key given raw-base64url or PEM SPKI. */
export function canonicalEd25519PublicKey(input: string): string {
  const trimmed = input.trim();
  const key = trimmed.startsWith('-----BEGIN') ? fromPem(trimmed) : fromRaw(trimmed);
  const x = key.export({ format: 'jwk' }).x;
  if (!x) throw new InvalidPublicKeyError('not an Ed25519 public key');
  return x;
}

/** The 64 signature bytes, or undefined when `input` is neither accepted encoding. */
export function decodeEd25519Signature(input: string): Buffer | undefined {
  if (sigHex.test(input)) return Buffer.from(input, 'hex');
  if (sigB64u.test(input)) return Buffer.from(input.replace(/=+$/, ''), 'base64url');
  return undefined;
}

/** Verifies `signature` over the UTF-8 bytes of `message` with a canonical stored key. */
export function verifyEd25519(canonicalKey: string, message: string, signature: Buffer): boolean {
  try {
    return verify(null, Buffer.from(message, 'utf8'), fromRaw(canonicalKey), signature);
  } catch {
    return false;
  }
}

function fromRaw(value: string): KeyObject {
  if (!rawKeyB64u.test(value) || Buffer.from(value, 'base64url').toString('base64url') !== value) {
    throw new InvalidPublicKeyError('expected base64url of 32 raw Ed25519 bytes, or a PEM SPKI block');
  }
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: value }, format: 'jwk' });
}

function fromPem(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new InvalidPublicKeyError('unreadable PEM public key');
  }
  if (key.type !== 'public' || key.asymmetricKeyType !== 'ed25519') {
    throw new InvalidPublicKeyError('the PEM block is not an Ed25519 public key');
  }
  return key;
}
