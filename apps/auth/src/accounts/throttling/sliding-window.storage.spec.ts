import { ThrottlerStorageService } from '@nestjs/throttler';
import { SlidingWindowThrottlerStorage } from './sliding-window.storage';

describe('SlidingWindowThrottlerStorage', () => {
  let now = 0;
  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  // The package's storage is the reference: same inputs, same answers, request by request.
  it.each([
    ['with a block', 5, 10_000, 30_000],
    ['without a block', 5, 10_000, 0],
    ['with a short block', 3, 2_000, 1_000],
  ])('answers exactly as @nestjs/throttler ThrottlerStorageService (%s)', async (_name, limit, ttl, block) => {
    const reference = new ThrottlerStorageService();
    // The reference sweeps idle keys on a real timer, which never fires here: neither do we.
    const ours = new SlidingWindowThrottlerStorage(() => now, Infinity);
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    try {
      for (let i = 0; i < 3000; i++) {
        now += Math.floor(random() * (random() < 0.1 ? 6000 : 400));
        const key = random() < 0.7 ? 'ip-a' : 'ip-b';
        const expected = await reference.increment(key, ttl, limit, block, 'default');
        await expect(ours.increment(key, ttl, limit, block, 'default')).resolves.toEqual(expected);
      }
    } finally {
      reference.onApplicationShutdown();
    }
  });

  it('blocks past the limit until the block ends, then starts a fresh window', async () => {
    const storage = new SlidingWindowThrottlerStorage(() => now);
    for (let i = 0; i < 5; i++) expect((await storage.increment('k', 60_000, 5, 30_000, 'default')).isBlocked).toBe(false);
    const blocked = await storage.increment('k', 60_000, 5, 30_000, 'default');
    expect(blocked).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
    now += 30_000;
    expect(await storage.increment('k', 60_000, 5, 30_000, 'default')).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('keeps the cost per request flat and forgets idle keys', async () => {
    const storage = new SlidingWindowThrottlerStorage(() => now);
    for (let i = 0; i < 50_000; i++) {
      now += 1;
      await storage.increment('busy', 10_000, 1e9, 30_000, 'default');
    }
    // The 10,000 hits of the last 10 s (now - 9,999 ms .. now) and this one.
    expect((await storage.increment('busy', 10_000, 1e9, 30_000, 'default')).totalHits).toBe(10_001);
    now += 120_000;
    await storage.increment('other', 10_000, 10, 30_000, 'default');
    expect(storage.size).toBe(1);
  });
});
