import { errors, type JWK, type JWTVerifyGetKey } from 'jose';
import type { Logger } from 'pino';
import type { KeyEncryption } from '@gatehouse/secrets';
import { openSigningKey, publicJwkOf } from './key-material';
import { isPublished, selectSigner } from './key-schedule';
import type { SigningKey } from './signing-key';
import type { SigningKeyStore } from './signing-key-store';

// A token naming an unknown kid makes us reread the table, but not more often than this:
// otherwise every forged kid would cost a database query.
const UNKNOWN_KID_RELOAD_MS = 1000;

/**
 * This replica's copy of the published keys. Every replica rereads the same rows on a timer and
 * on an unknown kid, and picks the signer by time from them, so all replicas agree without talking.
 * Signing does no work beyond picking the signer from a handful of keys held in memory.
 */
export class KeyRing {
  private keys: SigningKey[] = [];
  private readonly opened = new Map<string, SigningKey>();
  private lastReload = 0;
  private reloading: Promise<void> | undefined;
  private reloadCount = 0;

  constructor(
    private readonly store: SigningKeyStore,
    private readonly encryption: KeyEncryption,
    private readonly logger: Logger,
  ) {}

  /** Rereads the published keys; a concurrent caller shares the same reload. */
  reload(): Promise<void> {
    this.reloading ??= this.load().finally(() => {
      this.reloading = undefined;
      this.lastReload = Date.now();
    });
    return this.reloading;
  }

  /** How many times the keys were read from the database (tests of the unknown-kid bound read it). */
  get reloads(): number {
    return this.reloadCount;
  }

  /** The key that signs now; throws before the first key was loaded. */
  signer(now = new Date()): SigningKey {
    const key = selectSigner(this.keys, now);
    if (!key) throw new Error('no active signing key');
    return key;
  }

  /** Creation time of the newest loaded key: whether a rotation is due, without a query. */
  newestCreatedAt(): Date | undefined {
    let newest: Date | undefined;
    for (const key of this.keys) if (!newest || key.createdAt > newest) newest = key.createdAt;
    return newest;
  }

  /** A published key by kid, rereading the table when it is not known here yet (see the bound above). */
  async verificationKey(kid: string, now = new Date()): Promise<SigningKey | undefined> {
    const known = this.find(kid, now);
    if (known || Date.now() - this.lastReload < UNKNOWN_KID_RELOAD_MS) return known;
    await this.reload();
    return this.find(kid, now);
  }

  /** For `jwtVerify`: the published key the token names. */
  resolver(): JWTVerifyGetKey {
    return async (header) => {
      const key = header.kid === undefined ? undefined : await this.verificationKey(header.kid);
      if (!key) throw new errors.JWKSNoMatchingKey();
      return key.publicKey;
    };
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
    this.reloadCount++;
    const stored = await this.store.listPublished(new Date());
    const next: SigningKey[] = [];
    for (const row of stored) {
      const cached = this.opened.get(row.kid);
      // Only the retirement time changes on an existing row.
      const key = cached
        ? { ...cached, retiresAt: row.retiresAt }
        : await openSigningKey(row, this.encryption);
      this.opened.set(row.kid, key);
      next.push(key);
    }
    for (const kid of this.opened.keys()) if (!next.some((k) => k.kid === kid)) this.opened.delete(kid);
    if (next.length !== this.keys.length)
      this.logger.info({ kids: next.map((k) => k.kid) }, 'signing keys loaded');
    this.keys = next;
  }
}
