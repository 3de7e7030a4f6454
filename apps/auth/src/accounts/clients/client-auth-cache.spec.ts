import { ClientAuthCache } from './client-auth-cache';

const SVC = { clientId: 'svc', grants: ['client_credentials'], scopes: ['a'], roles: ['service'] };

function cache(ttlMs = 1000, maxEntries = 100) {
  const clock = { now: 0 };
  return { clock, cache: new ClientAuthCache({ ttlMs, maxEntries, now: () => clock.now }) };
}

describe('ClientAuthCache', () => {
  it('answers only the secret that verified, until the TTL from the database read (hits do not extend it)', () => {
    const { clock, cache: c } = cache(1000);
    c.set(c.ticket(), 'svc', 'right', SVC);
    expect(c.get('svc', 'right')).toEqual(SVC);
    expect(c.get('svc', 'wrong')).toBeUndefined();
    expect(c.get('svc', 'right ')).toBeUndefined();
    expect(c.get('svc', undefined)).toBeUndefined();
    expect(c.get('other', 'right')).toBeUndefined();
    clock.now = 999;
    expect(c.get('svc', 'right')).toEqual(SVC);
    clock.now = 1000;
    expect(c.get('svc', 'right')).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it('keeps a public client (no secret) apart from confidential ones', () => {
    const { cache: c } = cache();
    c.set(c.ticket(), 'spa', undefined, { ...SVC, clientId: 'spa' });
    expect(c.get('spa', undefined)).toMatchObject({ clientId: 'spa' });
    expect(c.get('spa', 'anything')).toBeUndefined();
  });

  it('forgets a client on invalidate, and refuses a store whose lookup started before it', () => {
    const { cache: c } = cache();
    c.set(c.ticket(), 'svc', 'right', SVC);
    c.invalidate('svc');
    expect(c.get('svc', 'right')).toBeUndefined();

    const ticket = c.ticket();
    c.invalidate('svc'); // e.g. an admin disabled it while the lookup was in flight
    c.set(ticket, 'svc', 'right', SVC);
    expect(c.get('svc', 'right')).toBeUndefined();

    c.set(c.ticket(), 'svc', 'right', SVC);
    c.clear();
    expect(c.size).toBe(0);
  });

  it('is bounded: the oldest entry goes first', () => {
    const { cache: c } = cache(1000, 2);
    for (const id of ['a', 'b', 'c']) c.set(c.ticket(), id, 's', { ...SVC, clientId: id });
    expect(c.size).toBe(2);
    expect(c.get('a', 's')).toBeUndefined();
    expect(c.get('c', 's')).toMatchObject({ clientId: 'c' });
  });

  it('stores nothing when the TTL is 0', () => {
    const { cache: c } = cache(0);
    c.set(c.ticket(), 'svc', 'right', SVC);
    expect(c.get('svc', 'right')).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it('hands out a frozen copy, so no caller can change what the next one gets', () => {
    const { cache: c } = cache();
    const roles = ['service'];
    c.set(c.ticket(), 'svc', 'right', { ...SVC, roles });
    roles.push('admin');
    const hit = c.get('svc', 'right')!;
    expect(hit.roles).toEqual(['service']);
    expect(() => hit.roles.push('admin')).toThrow(TypeError);
  });
});
