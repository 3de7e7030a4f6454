import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('grows exponentially up to the cap', () => {
    expect(backoffDelay(0, 100, 10_000, () => 1)).toBe(100);
    expect(backoffDelay(1, 100, 10_000, () => 1)).toBe(200);
    expect(backoffDelay(4, 100, 10_000, () => 1)).toBe(1600);
    expect(backoffDelay(40, 100, 10_000, () => 1)).toBe(10_000);
  });
  it('never waits less than the initial delay', () => {
    expect(backoffDelay(5, 100, 10_000, () => 0)).toBe(100);
  });
});
