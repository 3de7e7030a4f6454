interface Entry {
  count: number;
  windowEndsAt: number;
  blockedUntil: number;
}

export interface RateWindowOptions {
  /** Events one key may have per window. */
  limit: number;
  windowMs: number;
  /** How long a key over its limit stays refused (0: until its window ends). */
  blockMs: number;
  /** Keys held at most; the oldest are forgotten first (bounds memory under many addresses). */
  maxKeys?: number;
  now?: () => number;
}

const DEFAULT_MAX_KEYS = 100_000;

/**
 * Fixed-window counters per key (an address, a client id), in memory: O(1) per event, idle keys
 * swept at most once a window. Each replica counts on its own, so a cluster's limit is the sum of
 * its replicas'; these limits bound abuse, they are not quotas to bill by.
 */
export class RateWindow {
  private readonly entries = new Map<string, Entry>();
  private nextSweep = 0;
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(private readonly options: RateWindowOptions) {
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
  }

  /** Counts one event of `key`; returns the seconds to wait when it is over its limit, else 0. */
  hit(key: string): number {
    const now = this.now();
    this.sweep(now);
    let entry = this.entries.get(key);
    if (!entry || (entry.windowEndsAt <= now && entry.blockedUntil <= now)) {
      entry = { count: 0, windowEndsAt: now + this.options.windowMs, blockedUntil: 0 };
      this.entries.delete(key);
      this.entries.set(key, entry);
      this.evict();
    }
    if (entry.blockedUntil > now) return seconds(entry.blockedUntil - now);
    entry.count++;
    if (entry.count <= this.options.limit) return 0;
    entry.blockedUntil = this.options.blockMs > 0 ? now + this.options.blockMs : entry.windowEndsAt;
    return seconds(entry.blockedUntil - now);
  }

  /** Seconds `key` is still refused (0: it is not), without counting anything. */
  blocked(key: string): number {
    const entry = this.entries.get(key);
    const now = this.now();
    return entry && entry.blockedUntil > now ? seconds(entry.blockedUntil - now) : 0;
  }

  /** Keys currently held (for tests). */
  get size(): number {
    return this.entries.size;
  }

  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + this.options.windowMs;
    for (const [key, entry] of this.entries) {
      if (entry.windowEndsAt <= now && entry.blockedUntil <= now) this.entries.delete(key);
    }
  }

  private evict(): void {
    // Map keeps insertion order and a reset key is re-inserted, so the first key is the stalest.
    while (this.entries.size > this.maxKeys) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) return;
      this.entries.delete(oldest);
    }
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
