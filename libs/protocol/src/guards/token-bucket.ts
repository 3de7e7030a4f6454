/**
 * Token-bucket state, kept on whatever is limited (the gate's connections, the discovery guard's
 * callers) as plain fields: no timer and no object of its own.
 */
export interface Bucket {
  tokens: number;
  refilledAt: number;
}

/**
 * Takes one token: `ratePerSec` refill up to `burst`. Pure arithmetic, so a call costs no timer and
 * no allocation; returns false when the caller is over its rate.
 */
export function takeToken(bucket: Bucket, now: number, ratePerSec: number, burst: number): boolean {
  const elapsed = now - bucket.refilledAt;
  if (elapsed > 0) {
    bucket.tokens = Math.min(burst, bucket.tokens + (elapsed * ratePerSec) / 1000);
    bucket.refilledAt = now;
  }
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}
