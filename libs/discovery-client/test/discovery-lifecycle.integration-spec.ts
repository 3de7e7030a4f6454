import { DiscoveryClient, DiscoveryLifecycle } from '../src/index';
import { freePort, until } from '@gatehouse/testing';
import { FakeProvider } from './fake-provider';
import { startTestService } from './test-app';

describe.each(['express', 'fastify'] as const)('DiscoveryClientModule lifecycle on %s', (adapter) => {
  const provider = new FakeProvider();

  beforeAll(() => provider.start());
  afterAll(() => provider.stop());

  it('deregisters with the same key on shutdown, in a token signed for it (the provider verified it)', async () => {
    const service = await startTestService({
      adapter,
      configurationToken: await provider.configurationToken('svc', []),
    });
    await service.app.get(DiscoveryClient).whenRegistered();
    const registered = provider.registrations.at(-1)!;
    await service.app.close();
    expect(provider.deregistrations.at(-1)).toEqual({ ...registered, deregisterToken: expect.any(String) });
    expect(provider.registrations).not.toContainEqual(registered);
  });

  it('registers again when the provider stops calling', async () => {
    const service = await startTestService({
      adapter,
      configurationToken: await provider.configurationToken('svc', []),
      reRegisterAfterMs: 400,
    });
    try {
      const client = service.app.get(DiscoveryClient);
      await client.whenRegistered();
      const first = client.instanceId();
      await until(() => client.instanceId() !== first, 'a new registration', 5000, 25);
      // The stale registration was dropped before the new one was made.
      expect(provider.deregistrations.map((r) => r.instanceId)).toContain(first);
    } finally {
      await service.app.close();
    }
  });

  it('answers a ping for another instance as unknown without re-registering while its own is alive', async () => {
    const service = await startTestService({
      adapter,
      configurationToken: await provider.configurationToken('svc', []),
      reRegisterAfterMs: 60_000,
    });
    try {
      const client = service.app.get(DiscoveryClient);
      await client.whenRegistered();
      const first = client.instanceId();
      const fresh = await provider.push(service.gateHost, { method: 'ping', instanceId: 'someone-else' });
      expect(fresh.status).toBe(410);
      // Its own instance was heard of just now: a single stray ping is no proof the provider forgot it.
      expect(client.instanceId()).toBe(first);
      expect(provider.registrations.filter((r) => r.gateHost === service.gateHost)).toHaveLength(1);
    } finally {
      await service.app.close();
    }
  });

  it('registers again on a ping for another instance once its own has gone quiet', async () => {
    const service = await startTestService({
      adapter,
      configurationToken: await provider.configurationToken('svc', []),
      reRegisterAfterMs: 4000,
    });
    try {
      const client = service.app.get(DiscoveryClient);
      await client.whenRegistered();
      const first = client.instanceId();
      await new Promise((resolve) => setTimeout(resolve, 2200));
      expect(
        (await provider.push(service.gateHost, { method: 'ping', instanceId: 'after-a-provider-reset' }))
          .status,
      ).toBe(410);
      await until(() => client.instanceId() !== first, 'a registration after the reset', 1500, 25);
    } finally {
      await service.app.close();
    }
  });

  it('serves the endpoint on its own listener with `listen`', async () => {
    const gatePort = await freePort();
    const gateHost = `http://127.0.0.1:${gatePort}/provider-calls`;
    const service = await startTestService({
      adapter,
      configurationToken: await provider.configurationToken('svc', []),
      gateHost,
      listen: { host: '127.0.0.1', port: gatePort },
    });
    try {
      const client = service.app.get(DiscoveryClient);
      await client.whenRegistered();
      expect(service.app.get(DiscoveryLifecycle).listenPort()).toBe(gatePort);
      const answer = await provider.push(gateHost, {
        method: 'update',
        revision: 1,
        permissions: {},
        allows: {},
      });
      expect(answer.status).toBe(200);
      expect(client.revision()).toBe(1);
      expect((await fetch(`http://127.0.0.1:${gatePort}/other`, { method: 'POST' })).status).toBe(404);
      // Nothing is mounted on the app itself.
      expect((await fetch(`${service.url}/provider-calls`, { method: 'POST' })).status).toBe(404);
    } finally {
      await service.app.close();
    }
  });
});
