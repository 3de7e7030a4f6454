/**
 * Runs at most `limit` tasks at once; the rest wait in arrival order. Small on purpose: the only
 * user bounds argon2id jobs on libuv's threadpool (see `PasswordHasher`).
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter, so `running` never dips and lets a newcomer jump the queue.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Tasks queued behind the running ones. */
  get queued(): number {
    return this.waiting.length;
  }
}

/**
 * Default bound for argon2id jobs: one thread fewer than libuv's pool (UV_THREADPOOL_SIZE, 4 by
 * default), so token signatures, which also run there, never queue behind a burst of password logins.
 */
export function defaultHashConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  const pool = Number(env['UV_THREADPOOL_SIZE']);
  return Math.max(1, (Number.isInteger(pool) && pool > 0 ? pool : 4) - 1);
}
