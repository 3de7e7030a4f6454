import { type Bucket, takeToken } from '@gatehouse/protocol';

/** Past this many callers, buckets idle for a while are dropped (rotated pair tokens leave old ones). */
const PRUNE_ABOVE = 1024;
const IDLE_MS = 60_000;

/**
 * A token bucket per caller (pair token): `ratePerSec` sustained, one second's worth of burst.
 * Only callers whose token is allowed get a bucket, so the map is bounded by `allows`.
 */
export class CallerRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly ratePerSec: number) {}

  /** Takes one call's token; undefined when allowed, else the seconds to wait (`Retry-After`). */
  take(caller: string, now = Date.now()): number | undefined {
    if (this.ratePerSec <= 0) return undefined;
    let bucket = this.buckets.get(caller);
    if (!bucket) {
      if (this.buckets.size >= PRUNE_ABOVE) this.prune(now);
      bucket = { tokens: this.ratePerSec, refilledAt: now };
      this.buckets.set(caller, bucket);
    }
    if (takeToken(bucket, now, this.ratePerSec, this.ratePerSec)) return undefined;
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.ratePerSec));
  }

  private prune(now: number): void {
    for (const [caller, bucket] of this.buckets)
      if (now - bucket.refilledAt > IDLE_MS) this.buckets.delete(caller);
  }
}
