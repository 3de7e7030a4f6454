import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SecretHashKind } from '../../database/entities';
import { Injectable } from '@nestjs/common';
import { isArgon2idHash, PasswordHasher } from './password-hasher';

export interface StoredSecret {
  hash: string;
  kind: SecretHashKind;
}

const sha256Hex = /^[0-9a-f]{64}$/;

/**
 * Client secrets come in two kinds, recorded per client:
 * - `sha256`: secrets this server generates (256 random bits). Brute force of 2^256 is out of
 *   reach whatever the hash speed, so one SHA-256 suffices and keeps client_credentials fast.
 * - `argon2id`: secrets a person chose (bootstrap `clientSecret` in plaintext), which may be
 *   guessable, so they get the same slow hash as passwords.
 * Verification of the fast kind compares digests in constant time.
 */
@Injectable()
export class ClientSecretHasher {
  constructor(private readonly passwords: PasswordHasher) {}

  /** A fresh server-generated secret (base64url of 32 random bytes) and its stored form. */
  generate(): { secret: string; stored: StoredSecret } {
    const secret = randomBytes(32).toString('base64url');
    return { secret, stored: { hash: sha256(secret), kind: 'sha256' } };
  }

  /** A human-chosen secret: argon2id. */
  async hashChosen(secret: string): Promise<StoredSecret> {
    return { hash: await this.passwords.hash(secret), kind: 'argon2id' };
  }

  /** The kind of a pre-hashed secret from configuration, or undefined when it is neither format. */
  kindOf(hash: string): SecretHashKind | undefined {
    if (sha256Hex.test(hash)) return 'sha256';
    if (isArgon2idHash(hash)) return 'argon2id';
    return undefined;
  }

  /** `address`: the caller's, for the hash queue's per-address share (sign-in paths only). */
  async verify(stored: StoredSecret, secret: string, address?: string): Promise<boolean> {
    switch (stored.kind) {
      case 'sha256': {
        const expected = Buffer.from(stored.hash, 'hex');
        return expected.length === 32 && timingSafeEqual(Buffer.from(sha256(secret), 'hex'), expected);
      }
      case 'argon2id':
        return this.passwords.verify(stored.hash, secret, address);
    }
  }

  /**
   * Spends the time of a fast-kind verification. Unknown client ids cost what the common
   * (server-generated) kind costs; not argon2, so unknown ids cannot be used to burn CPU.
   */
  verifyDummy(secret: string): false {
    timingSafeEqual(Buffer.from(sha256(secret), 'hex'), Buffer.alloc(32));
    return false;
  }
}

export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
