import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuthenticatedClient } from '../accounts.types';

export interface ClientAuthCacheOptions {
  /** How long a verified client is trusted without reading the database; 0 turns the cache off. */
  ttlMs: number;
  /** Most clients remembered; the oldest entry goes first. */
  maxEntries: number;
  /** Monotonic milliseconds (tests pass a fake clock). */
  now?: () => number;
}

export const DEFAULT_CLIENT_CACHE_TTL_MS = 5000;
export const DEFAULT_CLIENT_CACHE_MAX_ENTRIES = 10_000;

interface Entry {
  /** HMAC of the secret that verified; null for a public client, which presents none. */
  digest: Buffer | null;
  client: AuthenticatedClient;
  /** Fixed when the row was read: hits never extend it. */
  expiresAt: number;
}

/**
 * Clients whose credentials verified against the database in the last `ttlMs`, so that a busy
 * service's token requests skip the lookup (and, for a human-chosen secret, the argon2id check).
 *
 * What it keeps: per client id, the client as authenticated and a keyed HMAC-SHA-256 of the
 * secret that verified (the key is random per process, so the memory never holds the stored hash
 * or a digest that can be attacked offline without it). A presented secret hits only when its
 * HMAC equals the remembered one, compared in constant time. Failed checks are never stored.
 *
 * Staleness bound: an entry lives `ttlMs` from the database read, never refreshed by hits, so a
 * client disabled, deleted or given a new secret (or new grants, scopes, roles) on ANOTHER replica
 * is refused (or sees its new settings) here at most `ttlMs` later. Changes made through this
 * replica (admin API, bootstrap) and every failed check of the client on this replica drop its
 * entry at once. A `generation` counter stops a lookup that was in flight during such a change
 * from storing what it read before the change.
 */
export class ClientAuthCache {
  private readonly entries = new Map<string, Entry>();
  private readonly hmacKey = randomBytes(32);
  private readonly now: () => number;
  private generation = 0;

  constructor(private readonly options: ClientAuthCacheOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  get enabled(): boolean {
    return this.options.ttlMs > 0 && this.options.maxEntries > 0;
  }

  /** The client when `secret` is the one that verified within the TTL; undefined otherwise. */
  get(clientId: string, secret: string | undefined): AuthenticatedClient | undefined {
    // The digest is computed whether or not there is an entry: the same work either way.
    const digest = secret === undefined || !this.enabled ? null : this.digest(secret);
    const entry = this.entries.get(clientId);
    if (!entry) return undefined;
    if (this.now() >= entry.expiresAt) {
      this.entries.delete(clientId);
      return undefined;
    }
    if (entry.digest === null || digest === null)
      return entry.digest === null && secret === undefined ? entry.client : undefined;
    return timingSafeEqual(digest, entry.digest) ? entry.client : undefined;
  }

  /** Call before reading the database; pass the result to `set`. */
  ticket(): number {
    return this.generation;
  }

  /** Remembers a client that just verified, unless something was invalidated since `ticket`. */
  set(ticket: number, clientId: string, secret: string | undefined, client: AuthenticatedClient): void {
    if (!this.enabled || ticket !== this.generation) return;
    this.entries.delete(clientId);
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    const digest = secret === undefined ? null : this.digest(secret);
    this.entries.set(clientId, {
      digest,
      client: freeze(client),
      expiresAt: this.now() + this.options.ttlMs,
    });
  }

  /** Forgets one client (changed, or failed a check, on this replica). */
  invalidate(clientId: string): void {
    this.generation++;
    this.entries.delete(clientId);
  }

  /** Forgets every client (e.g. after the bootstrap file was merged). */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private digest(secret: string): Buffer {
    return createHmac('sha256', this.hmacKey).update(secret, 'utf8').digest();
  }
}

/** Callers share the cached object: freeze it and its lists so none can change it for the rest. */
function freeze(client: AuthenticatedClient): AuthenticatedClient {
  return Object.freeze({
    clientId: client.clientId,
    grants: Object.freeze([...client.grants]) as string[],
    scopes: Object.freeze([...client.scopes]) as string[],
    roles: Object.freeze([...client.roles]) as string[],
  });
}
