import { statsDay } from './stats-day';

describe('statsDay', () => {
  it('starts the day at the configured UTC hour', () => {
    expect(statsDay(new Date('2024-05-10T02:59:59Z'), 3)).toBe('2024-05-09');
    expect(statsDay(new Date('2024-05-10T03:00:00Z'), 3)).toBe('2024-05-10');
    expect(statsDay(new Date('2024-05-10T00:00:00Z'), 0)).toBe('2024-05-10');
    expect(statsDay(new Date('2024-01-01T22:00:00Z'), 23)).toBe('2023-12-31');
  });
});
