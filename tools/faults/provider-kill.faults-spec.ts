import { type GatehouseSystem, post, RawService, sleep, startSystem, until } from '@gatehouse/testing';
import { printFigures, sizeFromEnv, writeLogs } from './support/figures';

jest.setTimeout(300_000);

/** Instances per service; three services call each other in a ring, so every registration pushes to many. */
const PER_SERVICE = sizeFromEnv('FAULTS_INSTANCES', 10);
const RING = { 'ring-a': ['ring-b'], 'ring-b': ['ring-c'], 'ring-c': ['ring-a'] } as const;
type RingService = keyof typeof RING;

interface Instance {
  service: RingService;
  raw: RawService;
  acknowledged: boolean;
}

/**
 * The provider SIGKILLed while registrations fan out pushes to a ring of services, then started
 * again on its database. Instances retry their registration as real ones do. Afterwards every
 * instance's newest view is final: it lists exactly the live instances of the services it may call
 * (as the admin API lists them), every caller's current token is allowed by every instance it
 * calls, and nothing is left in the outbox.
 */
describe('provider killed in the middle of pushes', () => {
  let system: GatehouseSystem;
  const instances: Instance[] = [];

  beforeAll(async () => {
    system = await startSystem({ name: 'faults_provider' });
  }, 180_000);

  afterAll(async () => {
    if (system) writeLogs('provider-kill', { ...system });
    await Promise.all(instances.map((i) => i.raw.stop()));
    await system?.stop();
  }, 120_000);

  it('every view is final after the restart', async () => {
    const admin = await system.adminToken();
    const tokens = {} as Record<RingService, string>;
    for (const [service, permissions] of Object.entries(RING) as [RingService, readonly string[]][]) {
      const issued = await post(
        `${system.provider.url}/admin/configuration-tokens`,
        { name: service, permissions },
        { authorization: `Bearer ${admin}` },
      );
      tokens[service] = String(issued.body['token']);
    }
    for (const service of Object.keys(RING) as RingService[]) {
      for (let i = 0; i < PER_SERVICE; i++)
        instances.push({
          service,
          raw: await new RawService(service, system.provider.url).start(),
          acknowledged: false,
        });
    }

    let killed = false;
    let refusedWhileDown = 0;
    // Each instance registers until acknowledged; a refused or unanswered attempt is retried, as a real service would.
    const register = async (instance: Instance) => {
      while (!instance.acknowledged) {
        const answer = await instance.raw
          .register(system.provider.url, tokens[instance.service])
          .catch(() => undefined);
        if (answer?.status === 200) instance.acknowledged = true;
        else {
          if (killed) refusedWhileDown++;
          await sleep(200);
        }
      }
    };
    const registering = instances.map((instance, n) => sleep(n * 30).then(() => register(instance)));
    await until(
      () => instances.filter((i) => i.acknowledged).length >= instances.length / 2,
      'half the instances registered',
      60_000,
      10,
    );
    const pushesBeforeKill = instances.reduce((sum, i) => sum + i.raw.updates.length, 0);
    killed = true;
    await system.stopApp('provider', 'SIGKILL');
    const acknowledgedAtKill = instances.filter((i) => i.acknowledged).length;
    await sleep(2_000);
    await system.startApp('provider');
    const restarted = Date.now();
    await Promise.all(registering);

    const expected = async () => {
      const res = await fetch(`${system.provider.url}/explorer/instances`, {
        headers: { authorization: `Bearer ${await system.adminToken()}` },
      });
      // The system's own gate and facade are registered too; the ring is what this scenario checks.
      return ((await res.json()) as { service: string; host: string; pushPending: boolean }[]).filter(
        (l) => l.service in RING,
      );
    };
    const problems = async (): Promise<string[]> => {
      const listed = await expected();
      const found: string[] = [];
      const hostsOf = (service: string) =>
        listed
          .filter((l) => l.service === service)
          .map((l) => l.host)
          .sort();
      if (listed.some((l) => l.pushPending)) found.push('pushes still pending in the outbox');
      for (const instance of instances) {
        const view = instance.raw.view;
        const callee = RING[instance.service][0];
        if (!view) {
          found.push(`${instance.raw.host} has no view`);
          continue;
        }
        const seen = [...(view.hosts?.[callee] ?? [])].sort();
        if (JSON.stringify(seen) !== JSON.stringify(hostsOf(callee)))
          found.push(`${instance.raw.host} sees ${seen.length} of ${hostsOf(callee).length} ${callee} hosts`);
        const token = view.permissions[callee]?.token;
        for (const target of instances.filter((t) => t.service === callee)) {
          if (!token || target.raw.view?.allows[token] === undefined)
            found.push(`${target.raw.host} does not allow ${instance.raw.host}`);
        }
      }
      return found;
    };
    const final = await until(
      async () => ((await problems()).length === 0 ? true : undefined),
      'every view to be final',
      60_000,
      250,
    ).catch(() => false);
    const finalAfterMs = Date.now() - restarted;
    const remaining = await problems();
    const listed = await expected();

    printFigures(`provider SIGKILLed during pushes (3 services × ${PER_SERVICE} instances in a ring)`, [
      ['registrations acknowledged when killed', `${acknowledgedAtKill} of ${instances.length}`],
      ['pushes received before the kill', pushesBeforeKill],
      ['registration attempts refused/unanswered after the kill', refusedWhileDown],
      ['pushes received in all', instances.reduce((sum, i) => sum + i.raw.updates.length, 0)],
      ['ring instances listed by the admin API', listed.length],
      [
        'all views final',
        final ? `yes, ${finalAfterMs} ms after the restart` : `no: ${remaining.slice(0, 3).join('; ')}`,
      ],
    ]);

    expect(listed.map((l) => l.host).sort()).toEqual(instances.map((i) => i.raw.host).sort());
    expect(remaining).toEqual([]);
  });
});
