import { type Batchable, BatchScheduler, type BatchSchedulerOptions } from './batch-scheduler';

interface Call extends Batchable {
  readonly name: string;
}

const call = (name: string, key?: string, method = 'echo', text = `{"n":"${name}"}`): Call => ({
  name,
  key,
  method,
  text,
});

/** A scheduler whose requests finish only when the test says so. */
function harness(options: Partial<BatchSchedulerOptions> = {}) {
  const sent: { names: string[]; finish(): void }[] = [];
  const scheduler = new BatchScheduler<Call>(
    { slots: 2, batching: true, maxBatch: 64, maxBatchChars: 64 * 1024, maxBacklog: 100, ...options },
    (chunk) =>
      new Promise<void>((finish) => sent.push({ names: chunk.map((c) => c.name), finish: () => finish() })),
  );
  /** Lets the scheduler see a finished request (its continuation runs on the microtask queue). */
  const finish = async (i: number): Promise<void> => {
    sent[i]!.finish();
    await new Promise((r) => setImmediate(r));
  };
  return { scheduler, sent, finish, names: () => sent.map((s) => s.names) };
}

describe('BatchScheduler', () => {
  it('sends each call alone at once while a slot is free', () => {
    const { scheduler, names } = harness();
    scheduler.submit(call('a', 'c1'));
    scheduler.submit(call('b', 'c2'));
    expect(names()).toEqual([['a'], ['b']]);
    expect(scheduler.busy).toBe(true);
  });

  it('queues while every slot is busy and sends the backlog as one batch on the freed slot', async () => {
    const { scheduler, names, finish } = harness();
    for (const [name, key] of [
      ['a', 'c1'],
      ['b', 'c2'],
      ['c', 'c3'],
      ['d', 'c4'],
      ['e', 'c5'],
    ] as const)
      scheduler.submit(call(name, key));
    expect(names()).toEqual([['a'], ['b']]);
    await finish(0);
    expect(names()).toEqual([['a'], ['b'], ['c', 'd', 'e']]);
    await finish(1);
    await finish(2);
    expect(scheduler.busy).toBe(false);
  });

  it('never puts two calls of one key, or two methods, in one batch; the calls passed over keep their place', async () => {
    const { scheduler, names, finish } = harness({ slots: 1 });
    scheduler.submit(call('first', 'c0'));
    scheduler.submit(call('a1', 'a'));
    scheduler.submit(call('a2', 'a'));
    scheduler.submit(call('b1', 'b', 'slow'));
    scheduler.submit(call('c1', 'c'));
    await finish(0);
    expect(names()[1]).toEqual(['a1', 'c1']);
    await finish(1);
    expect(names()[2]).toEqual(['a2']);
    await finish(2);
    expect(names()[3]).toEqual(['b1']);
  });

  it('stops a batch at maxBatch and at maxBatchChars, but a lone big call still goes', async () => {
    const { scheduler, names, finish } = harness({ slots: 1, maxBatch: 2, maxBatchChars: 20 });
    scheduler.submit(call('first'));
    scheduler.submit(call('x', 'k1', 'echo', 'x'.repeat(30)));
    scheduler.submit(call('a', 'k2', 'echo', 'a'.repeat(8)));
    scheduler.submit(call('b', 'k3', 'echo', 'b'.repeat(8)));
    scheduler.submit(call('c', 'k4', 'echo', 'c'.repeat(8)));
    await finish(0);
    expect(names()[1]).toEqual(['x']);
    await finish(1);
    expect(names()[2]).toEqual(['a', 'b']);
    await finish(2);
    expect(names()[3]).toEqual(['c']);
  });

  it('refuses a call once the backlog is full', () => {
    const { scheduler } = harness({ slots: 1, maxBacklog: 2 });
    expect(scheduler.submit(call('a'))).toBe(true);
    expect(scheduler.submit(call('b'))).toBe(true);
    expect(scheduler.submit(call('c'))).toBe(true);
    expect(scheduler.submit(call('d'))).toBe(false);
  });

  it('without batching sends one call per request, in order', async () => {
    const { scheduler, names, finish } = harness({ slots: 1, batching: false });
    ['a', 'b', 'c'].forEach((n, i) => scheduler.submit(call(n, `k${i}`)));
    await finish(0);
    await finish(1);
    expect(names()).toEqual([['a'], ['b'], ['c']]);
  });

  it('after unbatch resends a refused batch one call at a time, before the rest of the backlog', async () => {
    const { scheduler, names, finish } = harness({ slots: 1 });
    scheduler.submit(call('first', 'k0'));
    scheduler.submit(call('a', 'k1'));
    scheduler.submit(call('b', 'k2'));
    await finish(0);
    expect(names()[1]).toEqual(['a', 'b']);
    scheduler.submit(call('c', 'k3'));
    scheduler.unbatch([call('a', 'k1'), call('b', 'k2')]);
    expect(scheduler.batching).toBe(false);
    await finish(1);
    await finish(2);
    await finish(3);
    expect(names().slice(2)).toEqual([['a'], ['b'], ['c']]);
  });

  it('frees the slot of a request that failed', async () => {
    const failing = new BatchScheduler<Call>(
      { slots: 1, batching: true, maxBatch: 8, maxBatchChars: 1024, maxBacklog: 8 },
      () => Promise.reject(new Error('down')),
    );
    failing.submit(call('a'));
    failing.submit(call('b'));
    await new Promise((r) => setImmediate(r));
    expect(failing.busy).toBe(false);
  });
});
