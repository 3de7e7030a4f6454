import { ConcurrencyLimit, defaultHashConcurrency } from './concurrency-limit';

describe('ConcurrencyLimit', () => {
  it('never runs more than the limit at once, and runs every task in arrival order', async () => {
    const limit = new ConcurrencyLimit(2);
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const task = (i: number) => async () => {
      started.push(i);
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
      return i * 10;
    };
    const all = Array.from({ length: 7 }, (_, i) => limit.run(task(i)));
    expect(limit.queued).toBe(5);
    await expect(Promise.all(all)).resolves.toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(limit.queued).toBe(0);
  });

  it('frees the slot of a task that failed', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit.run(async () => 'next')).resolves.toBe('next');
  });

  it('refuses a limit below one', () => {
    expect(() => new ConcurrencyLimit(0)).toThrow(RangeError);
    expect(() => new ConcurrencyLimit(1.5)).toThrow(RangeError);
  });
});

describe('defaultHashConcurrency', () => {
  it('leaves one thread of libuv pool free, and at least one for hashing', () => {
    expect(defaultHashConcurrency({})).toBe(3);
    expect(defaultHashConcurrency({ UV_THREADPOOL_SIZE: '8' })).toBe(7);
    expect(defaultHashConcurrency({ UV_THREADPOOL_SIZE: '1' })).toBe(1);
    expect(defaultHashConcurrency({ UV_THREADPOOL_SIZE: 'many' })).toBe(3);
  });
});

describe('ConcurrencyLimit bounds', () => {
  const hold = () => {
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    return { task: () => done, release };
  };

  it('refuses at once when the queue is full, and accepts again once it drains', async () => {
    const limit = new ConcurrencyLimit(1, { maxQueued: 2, maxPerKey: 100 });
    const gate = hold();
    const accepted = [limit.run(gate.task, 'a'), limit.run(gate.task, 'b'), limit.run(gate.task, 'c')];
    await expect(limit.run(gate.task, 'd')).rejects.toMatchObject({ scope: 'queue' });
    gate.release();
    await Promise.all(accepted);
    await expect(limit.run(async () => 'again', 'd')).resolves.toBe('again');
  });

  it("holds one key to its share without touching another key's", async () => {
    const limit = new ConcurrencyLimit(1, { maxQueued: 100, maxPerKey: 2 });
    const gate = hold();
    const accepted = [limit.run(gate.task, 'a'), limit.run(gate.task, 'a')];
    await expect(limit.run(gate.task, 'a')).rejects.toMatchObject({ scope: 'key' });
    const other = limit.run(async () => 'b', 'b');
    gate.release();
    await Promise.all(accepted);
    await expect(other).resolves.toBe('b');
    await expect(limit.run(async () => 'a again', 'a')).resolves.toBe('a again');
  });

  it('leaves tasks without a key unbounded (bootstrap and admin hashing)', async () => {
    const limit = new ConcurrencyLimit(1, { maxQueued: 0, maxPerKey: 0 });
    await expect(Promise.all([limit.run(async () => 1), limit.run(async () => 2)])).resolves.toEqual([1, 2]);
  });
});
