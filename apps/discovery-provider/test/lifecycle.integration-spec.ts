import { useProvider } from './support/provider-harness';
import { issueToken, type RunningProvider } from './support/provider-app';
import { type RawService, until } from '@gatehouse/testing';

jest.setTimeout(60_000);

/** A caller `web` (-> api) and callee `api` instances; each test starts from a fresh registry. */
describe('discovery provider: lifecycle', () => {
  const h = useProvider('discovery-life', {
    DISCOVERY_PING_INTERVAL_MS: '200',
    DISCOVERY_TTL_MS: '1000',
    DISCOVERY_PUSH_TIMEOUT_MS: '500',
    DISCOVERY_ROTATION_INTERVAL_MS: '1500',
    DISCOVERY_ROTATION_OVERLAP_MS: '1500',
  });
  let provider: RunningProvider;
  let admin: string;
  const services = h.services;
  // The harness's beforeAll runs first (jest keeps declaration order).
  beforeAll(() => ({ provider, admin } = h));

  const start = (name: string) => h.service(name);
  const pair = async () => {
    const web = await issueToken(provider, admin, { name: 'web', permissions: ['api'] });
    const api = await issueToken(provider, admin, { name: 'api', permissions: [] });
    const [w, a] = await Promise.all([start('web'), start('api')]);
    expect((await w.register(provider.url, web.token)).status).toBe(200);
    expect((await a.register(provider.url, api.token)).status).toBe(200);
    await until(
      () => w.view?.permissions['api'] && Object.keys(a.view?.allows ?? {}).length === 1,
      'pair views',
      10_000,
    );
    return { w, a, web, api };
  };

  it('pings live instances, and removes one that misses its TTL: its callers lose it', async () => {
    const { w, a } = await pair();
    await until(() => a.pings > 1 && w.pings > 1, 'pings', 5000);
    a.answerPings = false;
    await until(() => (w.view && !w.view.permissions['api'] ? true : undefined), 'web to lose api', 10_000);
    expect(w.view!.hosts?.['api']).toBeUndefined();
    w.answerPings = false; // leave the registry clean for the next test
    await until(
      async () => ((await explorer('instances')).length === 0 ? true : undefined),
      'registry empty',
      10_000,
    );
  });

  it('deregistration removes the instance and pushes the removal', async () => {
    const { w, a, web } = await pair();
    const res = await w.deregister(provider.url, web.token);
    expect(res).toMatchObject({ status: 200, body: { status: 'deregistered' } });
    await until(
      () => (Object.keys(a.view!.allows).length === 0 ? true : undefined),
      'api to drop web token',
      10_000,
    );
    expect((await w.deregister(provider.url, web.token)).body).toMatchObject({ code: 'not_registered' });
    a.answerPings = false;
  });

  it('revoking a configuration token removes its instances and updates their peers', async () => {
    const { w, a, api } = await pair();
    const res = await fetch(`${provider.url}/admin/configuration-tokens/${api.jti}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(await res.json()).toMatchObject({ revoked: true, removedInstances: 1 });
    await until(() => (w.view && !w.view.permissions['api'] ? true : undefined), 'web to lose api', 10_000);
    expect((await a.register(provider.url, api.token)).body).toMatchObject({
      code: 'configuration_token_revoked',
    });
    w.answerPings = false;
  });

  it('rotates pair tokens with an overlap window in which both are allowed', async () => {
    const { w, a } = await pair();
    const first = w.view!.permissions['api']!.token;
    // After the interval: web presents a new token; api accepts both during the overlap.
    await until(() => (w.view!.permissions['api']!.token !== first ? true : undefined), 'rotation', 10_000);
    const second = w.view!.permissions['api']!.token;
    await until(() => (a.view!.allows[second] ? true : undefined), 'api to accept the new token', 5000);
    const overlapping = a.updates.find((u) => u.allows[first] && u.allows[second]);
    expect(overlapping).toBeDefined();
    // After the overlap: the first token is gone from api's allows.
    await until(() => (a.view!.allows[first] === undefined ? true : undefined), 'old token retired', 10_000);
    expect(second).not.toBe(first);
  });

  it('the explorer lists services, instances and the graph, without tokens', async () => {
    const [services, instances, graph] = await Promise.all([
      explorer('services'),
      explorer('instances'),
      explorer('graph'),
    ]);
    expect(services).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'web', permissions: ['api'] })]),
    );
    expect(instances[0]).toMatchObject({
      service: expect.any(String),
      health: expect.any(String),
      lastSeenAt: expect.any(String),
    });
    expect(graph).toMatchObject({ edges: expect.arrayContaining([{ from: 'web', to: 'api', live: true }]) });
    const tokens = services.length > 0 ? JSON.stringify([services, instances, graph]) : '';
    for (const s of servicesWithViews())
      for (const t of Object.keys(s.view!.allows)) expect(tokens).not.toContain(t);
    expect((await fetch(`${provider.url}/explorer/graph`)).status).toBe(401);
  });

  function servicesWithViews(): RawService[] {
    return services.filter((s) => s.view);
  }

  async function explorer(what: string): Promise<Record<string, unknown>[]> {
    const res = await fetch(`${provider.url}/explorer/${what}`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    return (await res.json()) as Record<string, unknown>[];
  }
});
