import { RateWindow } from './rate-window';

describe('RateWindow', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('lets `limit` events through per window, then refuses until the block ends', () => {
    const window = new RateWindow({ limit: 3, windowMs: 10_000, blockMs: 30_000, now: clock });
    expect([window.hit('a'), window.hit('a'), window.hit('a')]).toEqual([0, 0, 0]);
    expect(window.hit('a')).toBe(30);
    expect(window.blocked('a')).toBe(30);
    expect(window.hit('b')).toBe(0);
    now += 29_000;
    expect(window.hit('a')).toBe(1);
    now += 1_000;
    expect(window.blocked('a')).toBe(0);
    expect(window.hit('a')).toBe(0);
  });

  it('without a block, refuses only until the window ends', () => {
    const window = new RateWindow({ limit: 1, windowMs: 1_000, blockMs: 0, now: clock });
    expect(window.hit('c')).toBe(0);
    expect(window.hit('c')).toBe(1);
    now += 1_000;
    expect(window.hit('c')).toBe(0);
  });

  it('forgets idle keys and holds at most maxKeys', () => {
    const window = new RateWindow({ limit: 5, windowMs: 1_000, blockMs: 0, maxKeys: 10, now: clock });
    for (let i = 0; i < 50; i++) window.hit(`k${i}`);
    expect(window.size).toBe(10);
    now += 5_000;
    window.hit('fresh');
    expect(window.size).toBe(1);
  });
});
