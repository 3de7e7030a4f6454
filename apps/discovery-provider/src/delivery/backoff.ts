/** Exponential backoff with equal jitter: half fixed, half random, capped. */
export function backoffMs(
  attempts: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.min(attempts, 30));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
