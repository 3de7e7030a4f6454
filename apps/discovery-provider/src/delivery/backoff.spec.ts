import { backoffMs } from './backoff';

describe('backoffMs', () => {
  it('doubles per attempt, with jitter in the upper half, and stops at the cap', () => {
    expect(backoffMs(0, 500, 60_000, () => 0)).toBe(250);
    expect(backoffMs(0, 500, 60_000, () => 1)).toBe(500);
    expect(backoffMs(3, 500, 60_000, () => 1)).toBe(4000);
    expect(backoffMs(40, 500, 60_000, () => 0.5)).toBe(45_000);
  });
});
