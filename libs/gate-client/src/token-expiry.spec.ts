import { refreshDelay } from './token-expiry';

const token = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('refreshDelay', () => {
  const now = 1_800_000_000_000;
  const sec = now / 1000;

  it('refreshes aheadMs before exp', () => {
    expect(refreshDelay(token({ iat: sec, exp: sec + 900 }), 60_000, now)).toBe(840_000);
  });

  it('refreshes a short-lived token when three quarters of its life are gone', () => {
    expect(refreshDelay(token({ iat: sec, exp: sec + 8 }), 60_000, now)).toBe(6_000);
  });

  it('bounds the wait by the lifetime when the client clock runs behind', () => {
    expect(refreshDelay(token({ iat: sec + 3600, exp: sec + 4500 }), 60_000, now)).toBe(840_000);
  });

  it('is due at once for a token already lapsed', () => {
    expect(refreshDelay(token({ iat: sec - 900, exp: sec - 1 }), 60_000, now)).toBe(0);
  });

  it('has no answer for a token without exp or not a JWT', () => {
    expect(refreshDelay(token({ sub: 'alice' }), 60_000, now)).toBeUndefined();
    expect(refreshDelay('opaque-token', 60_000, now)).toBeUndefined();
    expect(refreshDelay('a.%%%.c', 60_000, now)).toBeUndefined();
    expect(refreshDelay(`a.${Buffer.from('null').toString('base64url')}.c`, 60_000, now)).toBeUndefined();
  });
});
