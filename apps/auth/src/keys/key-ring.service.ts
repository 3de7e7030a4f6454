import { Inject, Injectable } from '@nestjs/common';
import { componentLogger } from '@gatehouse/platform';
import type { JWK } from 'jose';
import { KEY_ENCRYPTION } from './keys.tokens';
import type { KeyEncryption } from '@gatehouse/secrets';
import { openStoredKey, publicJwkOf } from './key-material';
import { isPublished, selectSigner, type SigningKey } from './signing-key';
import { SigningKeyRepository } from './signing-key.repository';

// A token with an unknown kid makes us reread the table, but not more often than this.
const UNKNOWN_KID_RELOAD_MS = 1000;

/**
 * This replica's copy of the signing keys. Every replica reloads the same rows on a timer and on an
 * unknown kid, and picks the signer by time from them, so all replicas agree without talking.
 */
@Injectable()
export class KeyRing {
  private readonly logger = componentLogger(KeyRing.name);
  private keys: SigningKey[] = [];
  private readonly opened = new Map<string, SigningKey>();
  private lastReload = 0;
  private reloading: Promise<void> | undefined;

  constructor(
    private readonly repository: SigningKeyRepository,
    @Inject(KEY_ENCRYPTION) private readonly encryption: KeyEncryption,
  ) {}

  /** Rereads the published keys; a concurrent caller shares the same reload. */
  reload(): Promise<void> {
    this.reloading ??= this.load().finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  signer(now = new Date()): SigningKey {
    const key = selectSigner(this.keys, now);
    if (!key) throw new Error('no active signing key');
    return key;
  }

  /** A published key by kid, rereading the table once when it is not known here yet. */
  async verificationKey(kid: string, now = new Date()): Promise<SigningKey | undefined> {
    const known = this.find(kid, now);
    if (known || Date.now() - this.lastReload < UNKNOWN_KID_RELOAD_MS) return known;
    await this.reload();
    return this.find(kid, now);
  }

  /** Public keys for `/.well-known/jwks.json`, including keys published ahead of signing. */
  jwks(now = new Date()): { keys: JWK[] } {
    return { keys: this.keys.filter((k) => isPublished(k, now)).map(publicJwkOf) };
  }

  private find(kid: string, now: Date): SigningKey | undefined {
    const key = this.keys.find((k) => k.kid === kid);
    return key && isPublished(key, now) ? key : undefined;
  }

  private async load(): Promise<void> {
    const now = new Date();
    const stored = await this.repository.listPublished(now);
    const next: SigningKey[] = [];
    for (const row of stored) {
      const cached = this.opened.get(row.kid);
      // Only the retirement time changes on an existing row.
      const key = cached
        ? { ...cached, retiresAt: row.retiresAt }
        : await openStoredKey(row, this.encryption);
      this.opened.set(row.kid, key);
      next.push(key);
    }
    for (const kid of this.opened.keys()) if (!next.some((k) => k.kid === kid)) this.opened.delete(kid);
    if (next.length !== this.keys.length)
      this.logger.info(`signing keys loaded: ${next.map((k) => k.kid).join(', ')}`);
    this.keys = next;
    this.lastReload = Date.now();
  }
}
