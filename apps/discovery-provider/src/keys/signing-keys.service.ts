import { Injectable } from '@nestjs/common';
import type { JWK, JWTVerifyGetKey } from 'jose';
import { type SigningKey, type SignOptions, signTokenSync, type TokenType } from '@gatehouse/protocol';
import { KeyRing } from '@gatehouse/signing-keys';

/**
 * The provider's use of its key ring (`@gatehouse/signing-keys`): configuration tokens, and the
 * confirms, pings and pushes it signs.
 */
@Injectable()
export class SigningKeysService {
  constructor(private readonly ring: KeyRing) {}

  /** The key new tokens are signed with. */
  signingKey(): SigningKey {
    const { kid, alg, privateKeyObject } = this.ring.signer();
    return { kid, alg, key: privateKeyObject };
  }

  /**
   * A token of `type` by the current key, signed in the calling thread: the provider signs every
   * confirm, ping and push, and WebCrypto would queue each as a thread-pool job.
   */
  signSync(type: TokenType, claims: Record<string, unknown>, options: SignOptions): string {
    const { kid, alg, privateKeyObject } = this.ring.signer();
    return signTokenSync(type, claims, { kid, alg, key: privateKeyObject }, options);
  }

  /** Verification keys: every published key, rereading the table on an unknown kid (at most once a second). */
  keyResolver(): JWTVerifyGetKey {
    return this.ring.resolver();
  }

  /** How many times the keys were read from the database (for tests of the reload bound). */
  get reloads(): number {
    return this.ring.reloads;
  }

  jwks(): { keys: JWK[] } {
    return this.ring.jwks();
  }
}
