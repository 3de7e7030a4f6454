import {
  createTestDatabase,
  type GateProcess,
  startGateProcess,
  type TestDatabase,
} from '@gatehouse/testing';
import { CONNECTOR_TOKEN, transfer } from './support/gate-harness';
import { TestClient } from './support/test-client';
import { TestFacade } from './support/test-facade';

/** Two real gate processes (built `main.js`) on one PostgreSQL. */
describe('gate replicas and graceful shutdown (real processes)', () => {
  let db: TestDatabase;
  let facade: TestFacade;
  let a: GateProcess;
  let b: GateProcess;

  const spawnGate = (facadeUrl: string): Promise<GateProcess> =>
    startGateProcess({ facadeUrl, databaseUrl: db.url, env: { GATE_CONNECTOR_TOKENS: CONNECTOR_TOKEN } });

  const channelOf = async (client: TestClient): Promise<string> =>
    ((await client.call('envelope'))['result'] as { routing: { channelId: string } }).routing.channelId;

  beforeAll(async () => {
    db = await createTestDatabase('gate_replicas');
    facade = new TestFacade();
    const facadeUrl = await facade.start();
    a = await spawnGate(facadeUrl);
    b = await spawnGate(facadeUrl);
  }, 90_000);

  afterAll(async () => {
    await a?.process.stop();
    await b?.process.stop();
    await facade?.stop();
    await db?.drop();
  });

  it('delivers a transfer sent to the other replica, small or large; 1105 only when no replica holds the channel', async () => {
    const client = await TestClient.connect(a.wsUrl);
    const channelId = await channelOf(client);
    await new Promise((r) => setTimeout(r, 100)); // the ownership row is written in batches
    expect(
      (await transfer(b.connectorUrl, { channelId, method: 'hello', result: { via: 'b' } })).body,
    ).toMatchObject({ result: { status: 'OK' } });
    expect(await client.notification('hello')).toEqual({
      jsonrpc: '2.0',
      method: 'hello',
      params: { result: { via: 'b' } },
    });

    const large = 'z'.repeat(20_000);
    expect(
      (await transfer(b.connectorUrl, { channelId, method: 'large', result: large })).body,
    ).toMatchObject({ result: { status: 'OK' } });
    expect(((await client.notification('large'))['params'] as { result: string }).result).toBe(large);

    expect(
      (await transfer(b.connectorUrl, { channelId: 'no-such-channel', method: 'x', result: 1 })).body,
    ).toMatchObject({ error: { code: 1105 } });

    // Many at once: the replicas coalesce their NOTIFYs (transfers and acks); each one is accounted for.
    const seqs = Array.from({ length: 40 }, (_, i) => i);
    const answers = await Promise.all(
      seqs.map((seq) => transfer(b.connectorUrl, { channelId, method: 'many', result: seq })),
    );
    expect(answers.map((a) => a.body)).toEqual(
      seqs.map(() => expect.objectContaining({ result: { status: 'OK' } })),
    );
    const received: number[] = [];
    while (received.length < seqs.length)
      received.push(((await client.notification('many'))['params'] as { result: number }).result);
    expect(received.sort((x, y) => x - y)).toEqual(seqs);

    // The holder is remembered; once the channel is gone there, the directory decides: 1105.
    await client.close();
    await new Promise((r) => setTimeout(r, 100));
    expect((await transfer(b.connectorUrl, { channelId, method: 'x', result: 1 })).body).toMatchObject({
      error: { code: 1105 },
    });
  });

  it('shuts down gracefully: calls in flight finish, clients get 1001, the facade hears offline', async () => {
    const client = await TestClient.connect(b.wsUrl);
    const channelId = await channelOf(client);
    client.send(JSON.stringify({ jsonrpc: '2.0', method: 'slow', params: { ms: 700 }, id: 'inflight' }));
    await new Promise((r) => setTimeout(r, 100));
    const exit = b.process.stop();
    expect(await client.take((m) => m['id'] === 'inflight', 5000)).toEqual({
      jsonrpc: '2.0',
      id: 'inflight',
      result: 'slow',
    });
    expect(await client.closed).toEqual({ code: 1001, reason: 'server shutting down' });
    // Nest re-raises SIGTERM after its shutdown hooks: a clean stop ends by that signal, not a crash code.
    expect([0, null]).toContain(await exit);
    expect(b.process.child.signalCode ?? 'SIGTERM').toBe('SIGTERM');
    expect(b.process.logs()).not.toMatch(/"level":(50|60)/);
    expect(facade.callsOf('offline').some((c) => c.params['channelId'] === channelId)).toBe(true);
    expect((await transfer(a.connectorUrl, { channelId, method: 'x', result: 1 })).body).toMatchObject({
      error: { code: 1105 },
    });
  }, 30_000);
});
