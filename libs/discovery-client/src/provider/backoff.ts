/** Exponential backoff with full jitter: a random wait in [initial, min(max, initial * 2^attempt)]. */
export function backoffDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(initialMs + random() * Math.max(0, ceiling - initialMs));
}
