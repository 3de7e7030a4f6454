/** Why `ConcurrencyLimit.run` refused a task without queueing it. */
export class QueueFullError extends Error {
  constructor(readonly scope: 'queue' | 'key') {
    super(scope === 'queue' ? 'the queue is full' : 'this key holds its share of the queue');
  }
}

export interface QueueBounds {
  /** Tasks that may wait behind the running ones; past it, `run` throws at once. */
  maxQueued: number;
  /** Tasks (running and waiting) one key may hold; past it, `run` throws at once. */
  maxPerKey: number;
}

const UNBOUNDED: QueueBounds = { maxQueued: Infinity, maxPerKey: Infinity };

/**
 * Runs at most `limit` tasks at once; the rest wait in arrival order, up to `bounds`. Small on
 * purpose: the only user bounds argon2id jobs on libuv's threadpool (see `PasswordHasher`). The
 * bounds turn a flood into immediate refusals instead of an ever longer wait for everyone.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly perKey = new Map<string, number>();

  constructor(
    readonly limit: number,
    private readonly bounds: QueueBounds = UNBOUNDED,
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
  }

  /** `key` (e.g. the caller's address) is held to its share; tasks without one are not. */
  async run<T>(task: () => Promise<T>, key?: string): Promise<T> {
    if (key !== undefined) {
      const held = this.perKey.get(key) ?? 0;
      if (held >= this.bounds.maxPerKey) throw new QueueFullError('key');
      if (this.running >= this.limit && this.waiting.length >= this.bounds.maxQueued)
        throw new QueueFullError('queue');
      this.perKey.set(key, held + 1);
    }
    try {
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
    } finally {
      if (key !== undefined) this.release(key);
    }
  }

  /** Tasks queued behind the running ones. */
  get queued(): number {
    return this.waiting.length;
  }

  private release(key: string): void {
    const held = (this.perKey.get(key) ?? 1) - 1;
    if (held <= 0) this.perKey.delete(key);
    else this.perKey.set(key, held);
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
