import { type RunningGate, startGateWithFacade, stopGateWithFacade } from './support/gate-harness';
import { sortJsonRpcAnswers as sortAnswers, type TestDatabase, until } from '@gatehouse/testing';
import { TestClient } from './support/test-client';
import type { TestFacade } from './support/test-facade';

/**
 * Adaptive batching (the default): calls go out alone while a request slot is free; only calls that
 * wait for a slot are batched, one call per channel and one method per batch, so a client's
 * concurrent calls are still answered as each finishes. Two slots here, saturated on purpose.
 */
describe('gate: adaptive batching to the facade', () => {
  let db: TestDatabase;
  let facade: TestFacade;
  let gate: RunningGate;
  const clients: TestClient[] = [];
  const connect = async () => {
    const client = await TestClient.connect(gate.wsUrl);
    clients.push(client);
    return client;
  };
  const call = (client: TestClient, method: string, params: unknown, id: string | number) =>
    client.send(JSON.stringify({ jsonrpc: '2.0', method, params, id }));
  /** Occupies both request slots with slow calls of another client. */
  const saturate = async (ms: number) => {
    const hog = await connect();
    const seen = facade.callsOf('slow').length;
    call(hog, 'slow', { ms }, 'hog1');
    call(hog, 'slow', { ms }, 'hog2');
    await until(() => facade.callsOf('slow').length >= seen + 2, 'both slow calls at the facade', 5000, 10);
    return hog;
  };

  beforeAll(async () => {
    ({ db, facade, gate } = await startGateWithFacade('gate_batching', {
      GATE_FACADE_BATCH_CONCURRENCY: '2',
    }));
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.socket.terminate();
    await new Promise((r) => setTimeout(r, 50));
  });

  afterAll(() => stopGateWithFacade({ db, facade, gate }));

  it('sends calls alone while a slot is free: no batch, no added wait', async () => {
    const before = facade.batches;
    const [a, b] = [await connect(), await connect()];
    expect((await a.call('echo', [1]))['result']).toEqual([1]);
    expect((await b.call('echo', [2]))['result']).toEqual([2]);
    expect(facade.batches).toBe(before);
  });

  it('batches the calls that wait for a slot, restoring every id, one call per channel per batch', async () => {
    const hog = await saturate(300);
    const waiting = await Promise.all([1, 2, 3, 4].map(() => connect()));
    waiting.forEach((c, i) => call(c, 'echo', [i], i));
    call(waiting[0]!, 'echo', ['again'], 'again');
    const before = facade.batchLog.length;
    const answers = await Promise.all(waiting.map((c, i) => c.take((m) => m['id'] === i)));
    expect(answers.map((a) => a['result'])).toEqual([[0], [1], [2], [3]]);
    expect(await waiting[0]!.take((m) => m['id'] === 'again')).toEqual({
      jsonrpc: '2.0',
      id: 'again',
      result: ['again'],
    });
    const batches = facade.batchLog.slice(before);
    expect(batches.length).toBeGreaterThan(0);
    expect(Math.max(...batches.map((b) => b.length))).toBeGreaterThanOrEqual(2);
    for (const batch of batches) {
      const channels = batch.map((c) => (c.params['routing'] as { channelId: string }).channelId);
      expect(new Set(channels).size).toBe(channels.length);
      expect(new Set(batch.map((c) => c.method)).size).toBe(1);
    }
    await hog.take((m) => m['id'] === 'hog2');
  });

  it("never makes a client's fast call wait for its own slow one, even when saturated", async () => {
    const hog = await saturate(300);
    const client = await connect();
    const other = await connect();
    call(client, 'slow', { ms: 300 }, 'slow');
    call(client, 'echo', [1], 0);
    call(other, 'echo', [2], 'other');
    expect(await client.reply(3000)).toEqual({ jsonrpc: '2.0', id: 0, result: [1] });
    expect(await other.take((m) => m['id'] === 'other')).toEqual({
      jsonrpc: '2.0',
      id: 'other',
      result: [2],
    });
    expect(await client.reply(3000)).toEqual({ jsonrpc: '2.0', id: 'slow', result: 'slow' });
    await hog.take((m) => m['id'] === 'hog2');
  });

  it('falls back to single requests for good when the facade refuses batches', async () => {
    facade.acceptBatches = false;
    try {
      const before = facade.batches;
      const hog = await saturate(200);
      const waiting = await Promise.all([1, 2, 3].map(() => connect()));
      waiting.forEach((c, i) => call(c, 'echo', [i], i));
      const answers = await Promise.all(waiting.map((c, i) => c.take((m) => m['id'] === i)));
      expect(sortAnswers(answers)).toEqual([0, 1, 2].map((i) => ({ jsonrpc: '2.0', id: i, result: [i] })));
      await hog.take((m) => m['id'] === 'hog2');
      expect(facade.batches).toBeGreaterThan(before);
      const refused = facade.batches;
      const again = await Promise.all([1, 2, 3].map(() => connect()));
      await saturate(100);
      again.forEach((c, i) => call(c, 'echo', [i], i));
      await Promise.all(again.map((c, i) => c.take((m) => m['id'] === i)));
      expect(facade.batches).toBe(refused);
    } finally {
      facade.acceptBatches = true;
    }
  });
});
