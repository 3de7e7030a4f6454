export interface BackoffOptions {
  /** First delay, ms (default 500). */
  initialDelayMs?: number;
  /** Ceiling of a delay, ms (default 30000). */
  maxDelayMs?: number;
}

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential, capped, with "equal jitter" (a
 * random point in the upper half of the step), so that clients cut at once by a restart do not
 * all come back in the same millisecond, yet none comes back sooner than half the step.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const step = Math.min(options.maxDelayMs ?? 30_000, (options.initialDelayMs ?? 500) * 2 ** attempt);
  return Math.round(step / 2 + (random() * step) / 2);
}
