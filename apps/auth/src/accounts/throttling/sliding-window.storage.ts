import type { ThrottlerStorage } from '@nestjs/throttler';

/** What `ThrottlerStorage.increment` returns (the record type is not exported by the package root). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Bucket {
  /** Expiry times of the hits in the window, oldest first; `head` is the first live one. */
  expirations: number[];
  head: number;
  windowEndsAt: number;
  blocked: boolean;
  blockEndsAt: number;
}

const SWEEP_EVERY_MS = 60_000;

/**
 * The per-IP limit's counters: exactly the sliding log of @nestjs/throttler's in-memory
 * `ThrottlerStorageService` (same counts, same blocking, same Retry-After), at O(1) amortised
 * per request. The library re-filters every hit of the window on every request, so its cost
 * grows with the request rate (10 s at 2,000/s is 20,000 entries copied per request). Hits of
 * one key share one TTL and arrive in time order, so expired ones are only ever at the front
 * and are dropped by moving `head`.
 */
export class SlidingWindowThrottlerStorage implements ThrottlerStorage {
  private readonly buckets = new Map<string, Bucket>();
  private nextSweep = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sweepEveryMs = SWEEP_EVERY_MS,
  ) {}

  increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    return Promise.resolve(this.hit(key, ttl, limit, blockDuration, throttlerName));
  }

  /** Keys currently held (for tests). */
  get size(): number {
    return this.buckets.size;
  }

  private hit(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): ThrottlerStorageRecord {
    const now = this.now();
    this.sweep(now);
    const id = `${throttlerName}\u0000${key}`;
    let bucket = this.buckets.get(id);
    if (!bucket) {
      bucket = { expirations: [], head: 0, windowEndsAt: now + ttl, blocked: false, blockEndsAt: 0 };
      this.buckets.set(id, bucket);
    }
    dropExpired(bucket, now);
    if (bucket.windowEndsAt <= now) bucket.windowEndsAt = now + ttl;
    const timeToExpire = seconds(bucket.windowEndsAt - now);

    if (blockDuration <= 0) {
      const isBlocked = count(bucket) >= limit;
      if (!isBlocked) bucket.expirations.push(now + ttl);
      const oldest = bucket.expirations[bucket.head];
      return {
        totalHits: count(bucket) + (isBlocked ? 1 : 0),
        timeToExpire,
        isBlocked,
        timeToBlockExpire: isBlocked ? (oldest === undefined ? timeToExpire : seconds(oldest - now)) : 0,
      };
    }

    if (!bucket.blocked) bucket.expirations.push(now + ttl);
    if (count(bucket) > limit && !bucket.blocked) {
      bucket.blocked = true;
      bucket.blockEndsAt = now + blockDuration;
    }
    const timeToBlockExpire = seconds(bucket.blockEndsAt - now);
    if (timeToBlockExpire <= 0 && bucket.blocked) {
      // The block is over: the window starts again with this request as its first hit.
      bucket.blocked = false;
      bucket.expirations = [now + ttl];
      bucket.head = 0;
    }
    return { totalHits: count(bucket), timeToExpire, isBlocked: bucket.blocked, timeToBlockExpire };
  }

  /** Forgets keys with no live hit, no open window and no block (at most once a minute). */
  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + this.sweepEveryMs;
    for (const [id, bucket] of this.buckets) {
      if (bucket.blocked && bucket.blockEndsAt > now) continue;
      if (bucket.windowEndsAt > now) continue;
      dropExpired(bucket, now);
      if (count(bucket) === 0) this.buckets.delete(id);
    }
  }
}

function dropExpired(bucket: Bucket, now: number): void {
  const { expirations } = bucket;
  while (bucket.head < expirations.length && expirations[bucket.head]! <= now) bucket.head++;
  // Compact once the dead prefix is large and most of the array: amortised O(1) per hit.
  if (bucket.head > 1024 && bucket.head * 2 > expirations.length) {
    bucket.expirations = expirations.slice(bucket.head);
    bucket.head = 0;
  } else if (bucket.head === expirations.length && bucket.head > 0) {
    bucket.expirations = [];
    bucket.head = 0;
  }
}

function count(bucket: Bucket): number {
  return bucket.expirations.length - bucket.head;
}

function seconds(ms: number): number {
  return Math.ceil(ms / 1000);
}
