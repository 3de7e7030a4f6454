import { createHash } from 'node:crypto';
import { serviceLockKeys } from './service-locks';

const keyOf = (name: string) =>
  createHash('sha256').update(`discovery-service:${name}`).digest().readBigInt64BE(0);

describe('serviceLockKeys', () => {
  it('one key per name, ascending, the same on every call (cached or not)', () => {
    const first = serviceLockKeys(['geo', 'auth', 'geo', 'billing']);
    const expected = [...new Set(['geo', 'auth', 'billing'].map(keyOf))].sort((a, b) => (a < b ? -1 : 1));
    expect(first).toEqual(expected);
    expect(serviceLockKeys(['billing', 'auth', 'geo'])).toEqual(expected);
  });
});
