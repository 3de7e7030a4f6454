import { publishedKeys, type ScheduledKey, signerIndex } from './key-schedule';

const MIN = 60_000;
const key = (kid: string, ageMin: number, tokensLive = false): ScheduledKey => ({
  kid,
  createdAt: new Date(Date.UTC(2030, 0, 1) - ageMin * MIN),
  tokensLive,
});
const NOW = Date.UTC(2030, 0, 1);
const kids = (keys: ScheduledKey[]) => keys.map((k) => k.kid);

describe('signing key schedule', () => {
  it('a first key signs at once', () => {
    expect(signerIndex([key('k1', 0)], NOW, 15 * MIN)).toBe(0);
  });

  it('a new key is published at once but signs only after its lead', () => {
    const keys = [key('k2', 5), key('k1', 100)];
    expect(signerIndex(keys, NOW, 15 * MIN)).toBe(1);
    expect(kids(publishedKeys(keys, NOW, 15 * MIN, 2 * MIN))).toEqual(['k2', 'k1']);
    expect(signerIndex(keys, NOW + 10 * MIN, 15 * MIN)).toBe(0);
  });

  it('the replaced key stays for the grace period, then only while a token it signed is usable', () => {
    const keys = [key('k2', 16), key('k1', 100)];
    expect(kids(publishedKeys(keys, NOW, 15 * MIN, 2 * MIN))).toEqual(['k2', 'k1']);
    expect(kids(publishedKeys(keys, NOW + 2 * MIN, 15 * MIN, 2 * MIN))).toEqual(['k2']);
    const withToken = [key('k3', 20), key('k2', 200), key('k1', 400, true)];
    expect(kids(publishedKeys(withToken, NOW, 15 * MIN, 2 * MIN))).toEqual(['k3', 'k1']);
  });
});
