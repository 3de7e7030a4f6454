import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles from the first delay up to the ceiling, within the upper half of each step', () => {
    const options = { initialDelayMs: 100, maxDelayMs: 1000 };
    expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, options, () => 0))).toEqual([
      50, 100, 200, 400, 500, 500,
    ]);
    expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, options, () => 1))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('defaults to 500 ms doubling up to 30 s', () => {
    expect(backoffDelay(0, {}, () => 1)).toBe(500);
    expect(backoffDelay(20, {}, () => 1)).toBe(30_000);
  });
});
