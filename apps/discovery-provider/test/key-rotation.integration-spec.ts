import { useProvider } from './support/provider-harness';
import { issueToken, PROVIDER_PUBLIC_URL, type RunningProvider } from './support/provider-app';
import { RawService, until } from '@gatehouse/testing';

jest.setTimeout(60_000);

const kidOf = (jwt: string): string =>
  (JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;

describe('discovery provider: signing-key rotation (publish before sign)', () => {
  const h = useProvider('discovery-keys', {
    DISCOVERY_KEY_ROTATION_INTERVAL_MS: '3000',
    DISCOVERY_KEY_PUBLISH_LEAD_MS: '2500',
    DISCOVERY_KEY_REFRESH_MS: '100',
  });
  let provider: RunningProvider;
  let admin: string;
  const services = h.services;
  // The harness's beforeAll runs first (jest keeps declaration order).
  beforeAll(() => ({ provider, admin } = h));
  const jwksKids = async (): Promise<string[]> =>
    (
      (await (await fetch(`${provider.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }
    ).keys.map((k) => k.kid);

  it('publishes a new key before signing with it, and keeps the old one while its tokens live', async () => {
    const first = await issueToken(provider, admin, { name: 'orders', permissions: [] });
    const oldKid = kidOf(first.token);
    const newKid = await until(
      async () => (await jwksKids()).find((kid) => kid !== oldKid),
      'a new key in the JWKS',
      10_000,
    );
    // Published, not signing yet.
    expect(kidOf((await issueToken(provider, admin, { name: 'orders', permissions: [] })).token)).toBe(
      oldKid,
    );
    await until(
      async () =>
        kidOf((await issueToken(provider, admin, { name: 'billing', permissions: [] })).token) === newKid
          ? true
          : undefined,
      'the new key to sign',
      10_000,
    );
    // A token of the old key still registers, and the pushes (signed by a newer key) verify.
    expect(await jwksKids()).toContain(oldKid);
    const orders = await new RawService('orders', PROVIDER_PUBLIC_URL).start();
    services.push(orders);
    expect((await orders.register(provider.url, first.token)).status).toBe(200);
    await until(() => orders.view, 'a signed push', 10_000);
    expect(orders.forged).toEqual([]);
  });
});
