import type { SigningKey } from './signing-key';
import { isPublished, selectSigner } from './signing-key';

const at = (sec: number) => new Date(sec * 1000);
const key = (kid: string, activates: number, retires: number | null) =>
  ({ kid, activatesAt: at(activates), retiresAt: retires === null ? null : at(retires) }) as SigningKey;

describe('signing key lifecycle', () => {
  const old = key('old', 0, 1000);
  const next = key('next', 100, null);

  it('the newest activated key signs; a published-ahead key does not yet', () => {
    expect(selectSigner([old, next], at(50))?.kid).toBe('old');
    expect(selectSigner([old, next], at(100))?.kid).toBe('next');
  });

  it('a key stays published until it retires', () => {
    expect(isPublished(old, at(999))).toBe(true);
    expect(isPublished(old, at(1000))).toBe(false);
    expect(selectSigner([old], at(1000))).toBeUndefined();
  });
});
