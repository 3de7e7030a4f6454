import { Batcher } from './batcher';

describe('Batcher', () => {
  it('sends items added together, and while a flush runs, in one flush each', async () => {
    const flushes: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batcher = new Batcher<number>(async (items) => {
      flushes.push(items);
      if (flushes.length === 1) await gate;
    });
    const first = [batcher.add(1), batcher.add(2)];
    await new Promise((resolve) => setImmediate(resolve));
    const second = [batcher.add(3), batcher.add(4), batcher.add(5)];
    release();
    await Promise.all([...first, ...second]);
    expect(flushes).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it('rejects the items of a failed flush and carries on', async () => {
    let fail = true;
    const batcher = new Batcher<number>(async () => {
      if (fail) throw new Error('db down');
    });
    await expect(batcher.add(1)).rejects.toThrow('db down');
    fail = false;
    await expect(batcher.add(2)).resolves.toBeUndefined();
  });
});
