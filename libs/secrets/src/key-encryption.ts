import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { StartupError } from '@gatehouse/platform';

const VERSION = 'v1';
const IV_BYTES = 12;

/**
 * AES-256-GCM for private keys at rest. Each ciphertext is bound to an id (additional
 * authenticated data, the key's kid), so a row's private key cannot be swapped into another row.
 * Format: `v1.<iv>.<tag>.<ciphertext>`, base64url parts.
 */
export class KeyEncryption {
  /**
   * @param source where the key came from (its variable, or the local file), named when a stored
   *   key does not open with it
   */
  constructor(
    private readonly key: Buffer,
    private readonly source = 'the key-encryption key',
  ) {
    if (key.length !== 32) throw new Error('the key-encryption key must be 32 bytes');
  }

  static fromBase64(value: string, source?: string): KeyEncryption {
    return new KeyEncryption(Buffer.from(value, 'base64'), source);
  }

  /**
   * A 32-byte key for another purpose, HKDF-SHA256 (RFC 5869) of this key with `info` naming that
   * purpose and its version: every replica derives the same bytes, and neither the subkey nor its
   * use reveals this key or the other subkeys. No salt: this key is already 32 uniform bytes.
   */
  deriveKey(info: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), info, 32));
  }

  encrypt(plaintext: string, boundTo: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(boundTo, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /**
   * Throws `KeyDecryptionError` when the data was not written by this key for this id: almost
   * always because the key-encryption key was changed or lost since (or the row was tampered with).
   */
  decrypt(sealed: string, boundTo: string): string {
    const [version, iv, tag, body, ...rest] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined || rest.length > 0) {
      throw new Error('unrecognised encrypted key format');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(boundTo, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new KeyDecryptionError(this.source, boundTo);
    }
  }
}

/**
 * A stored private key that this key-encryption key does not open. The message is what an
 * operator needs, in one line: it is printed as the reason the app did not start.
 */
export class KeyDecryptionError extends StartupError {
  constructor(
    readonly source: string,
    readonly kid: string,
  ) {
    super(
      `${source} does not open the signing key ${kid} stored in the database: it was changed or lost since that key was ` +
        `written. Set it back to the key the stored keys were sealed with; without that key, delete the stored signing ` +
        `keys to start over (every token they signed stops verifying).`,
    );
  }
}
