import { SecretStore } from './secret-store';

describe('SecretStore', () => {
  it('accepts an issued secret once', () => {
    const store = new SecretStore(1000);
    const secret = store.issue(0);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(store.consume(secret, 10)).toBe(true);
    expect(store.consume(secret, 10)).toBe(false);
  });

  it('refuses an expired secret, an unknown one and one of another store', () => {
    const store = new SecretStore(1000);
    const other = new SecretStore(1000);
    const secret = store.issue(0);
    expect(store.consume(other.issue(0), 10)).toBe(false);
    expect(store.consume('nope', 10)).toBe(false);
    expect(store.consume(secret, 1000)).toBe(false);
  });

  it('keeps a bounded number of outstanding secrets, dropping the oldest', () => {
    const store = new SecretStore(1000);
    const first = store.issue(0);
    for (let i = 0; i < 4; i++) store.issue(1);
    expect(store.size).toBe(4);
    expect(store.consume(first, 2)).toBe(false);
  });
});
