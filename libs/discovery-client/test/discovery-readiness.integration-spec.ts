import { DiscoveryClient } from '../src/index';
import { FakeProvider } from './fake-provider';
import { startTestService } from './test-app';

/** `/health/ready` of a Nest service on libs/platform that joins discovery. */
describe('readiness of a service that joins discovery', () => {
  const provider = new FakeProvider();

  beforeAll(() => provider.start());
  afterAll(() => provider.stop());

  const ready = async (url: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(`${url}/health/ready`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('is not ready once registered until the first view is applied, then is', async () => {
    const service = await startTestService({
      configurationToken: await provider.configurationToken('svc', ['gate']),
    });
    try {
      await service.app.get(DiscoveryClient).whenRegistered();
      const before = await ready(service.url);
      expect(before.status).toBe(503);
      const update = { method: 'update', revision: provider.nextRevision(), permissions: {}, allows: {} };
      expect((await provider.push(service.gateHost, update)).status).toBe(200);
      const after = await ready(service.url);
      expect(after.status).toBe(200);
      expect(after.body['info']).toMatchObject({ discovery: { status: 'up' } });
    } finally {
      await service.app.close();
    }
  });

  it('with readyAfterFirstView: false is ready without a view', async () => {
    const service = await startTestService({
      configurationToken: await provider.configurationToken('svc', []),
      readyAfterFirstView: false,
    });
    try {
      expect(service.app.get(DiscoveryClient).revision()).toBe(-1);
      expect((await ready(service.url)).status).toBe(200);
    } finally {
      await service.app.close();
    }
  });
});
