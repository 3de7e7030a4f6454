import { createHash, createSecretKey, type KeyObject } from 'node:crypto';
import type { KeyEncryption } from '@gatehouse/secrets';

/** HKDF `info` of the refresh-token MAC key: a new version derives a new key, with a new kid. */
export const REFRESH_TOKEN_KEY_INFO = 'gatehouse auth refresh-token HS256 key v1';

/**
 * The HS256 key of refresh tokens, derived from the key-encryption key: never stored, never
 * published, and the same on every replica that shares that key. Its `kid` is a truncated SHA-256
 * of the key, which names it without revealing it, so a token MACed with another key (another
 * key-encryption key, another version of the label) is refused as an unknown key, not as a bad
 * signature.
 */
export class RefreshTokenKey {
  private constructor(
    readonly kid: string,
    readonly key: KeyObject,
  ) {}

  static derive(encryption: KeyEncryption): RefreshTokenKey {
    const bytes = encryption.deriveKey(REFRESH_TOKEN_KEY_INFO);
    const digest = createHash('sha256').update(bytes).digest();
    return new RefreshTokenKey(`rt-${digest.subarray(0, 12).toString('base64url')}`, createSecretKey(bytes));
  }
}
