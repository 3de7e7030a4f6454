import { WebSocket } from 'ws';
import { type RunningGate, startGateWithFacade, stopGateWithFacade, transfer } from './support/gate-harness';
import {
  jsonRpcSpecExamples,
  sortJsonRpcAnswers as sortAnswers,
  type TestDatabase,
} from '@gatehouse/testing';
import { TestClient } from './support/test-client';
import type { TestFacade } from './support/test-facade';

describe('gate: JSON-RPC 2.0 exactly, and the per-connection limits', () => {
  let db: TestDatabase;
  let facade: TestFacade;
  let gate: RunningGate;
  const clients: TestClient[] = [];
  const connect = async () => {
    const client = await TestClient.connect(gate.wsUrl);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    ({ db, facade, gate } = await startGateWithFacade('gate_jsonrpc', {
      GLS_FRONTEND_GATE_TIMEOUT_FOR_CLIENT: '300',
      GATE_FACADE_BATCH: 'true',
      GATE_MAX_MESSAGE_BYTES: '4096',
      GATE_MAX_BATCH: '10',
      GATE_MAX_IN_FLIGHT: '5',
      GATE_RATE_PER_SEC: '20',
      GATE_RATE_BURST: '40',
      GATE_ABUSE_LIMIT: '10',
      GATE_MAX_OUTBOUND_BYTES: '262144',
    }));
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.socket.terminate();
  });

  afterAll(() => stopGateWithFacade({ db, facade, gate }));

  describe('section 7 examples, one by one, through the gate to a facade', () => {
    it.each(jsonRpcSpecExamples().map((e) => [e.name, e] as const))('%s', async (_name, example) => {
      const client = await connect();
      client.send(example.send);
      if (example.expect === undefined) {
        await new Promise((r) => setTimeout(r, 150));
        expect(client.messages).toEqual([]);
        return;
      }
      const answer = await client.reply();
      expect(sortAnswers(answer)).toEqual(sortAnswers(example.expect));
    });
  });

  it('does not push `sign` and has no auth methods when GLS_DISABLE_AUTH is set', async () => {
    const client = await connect();
    expect((await client.call('auth.generateSecret'))['error']).toMatchObject({ code: -32601 });
    expect(client.messages).toEqual([]);
  });

  it('closes with 1009 on a message above the size limit', async () => {
    const client = await connect();
    client.send(JSON.stringify({ jsonrpc: '2.0', method: 'echo', params: ['x'.repeat(5000)], id: 1 }));
    expect((await client.closed).code).toBe(1009);
  });

  it('refuses a batch above the limit with one -32600', async () => {
    const client = await connect();
    client.send(
      JSON.stringify(Array.from({ length: 11 }, (_, i) => ({ jsonrpc: '2.0', method: 'echo', id: i }))),
    );
    expect(await client.reply()).toMatchObject({ id: null, error: { code: -32600 } });
  });

  it('makes calls over the in-flight limit wait their turn instead of refusing them', async () => {
    const client = await connect();
    for (let i = 0; i < 6; i++)
      client.send(JSON.stringify({ jsonrpc: '2.0', method: 'slow', params: { ms: 200 }, id: i }));
    for (let i = 0; i < 6; i++) expect((await client.take((m) => m['id'] === i))['result']).toBe('slow');
  });

  it('answers over-rate calls with -32000, then closes an abusive client with 1008', async () => {
    const client = await connect();
    const batch = (from: number) =>
      JSON.stringify(
        Array.from({ length: 5 }, (_, i) => ({
          jsonrpc: '2.0',
          method: 'subtract',
          params: [1, 1],
          id: from + i,
        })),
      );
    const codes: number[] = [];
    for (let i = 0; i < 30 && client.socket.readyState === WebSocket.OPEN; i++) {
      client.send(batch(i * 5));
      const reply = await client.reply(1000).catch(() => []);
      codes.push(...(reply as { error?: { code: number } }[]).map((r) => r.error?.code ?? 0));
    }
    expect(codes.slice(0, 40).every((c) => c === 0)).toBe(true);
    expect(codes).toContain(-32000);
    expect(await client.closed).toEqual({ code: 1008, reason: 'policy violation: request limits exceeded' });
  });

  it('pings, keeps clients that answer, and cuts a socket silent for a whole period', async () => {
    const healthy = await connect();
    const silent = new WebSocket(gate.wsUrl, { autoPong: false });
    const closed = new Promise<number>((resolve) => silent.on('close', (c) => resolve(c)));
    await new Promise((r) => silent.once('open', r));
    const started = Date.now();
    expect(await closed).toBe(1006);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(healthy.socket.readyState).toBe(WebSocket.OPEN);
    expect((await healthy.call('echo', [1]))['result']).toEqual([1]);
  });

  it('never crashes on hostile input: binary frames, deep nesting, odd ids', async () => {
    const client = await connect();
    client.socket.send(Buffer.from('{"jsonrpc":"2.0","method":"echo","params":[7],"id":7}'));
    expect(await client.reply()).toEqual({ jsonrpc: '2.0', id: 7, result: [7] });
    client.send('['.repeat(2000) + ']'.repeat(2000));
    expect(await client.reply()).toMatchObject([{ id: null, error: { code: -32600 } }]);
    client.send('{"jsonrpc":"2.0","method":"echo","id":{"a":1}}');
    expect(await client.reply()).toMatchObject({ id: null, error: { code: -32600 } });
    client.send('"just a string"');
    expect(await client.reply()).toMatchObject({ id: null, error: { code: -32600 } });
    expect((await client.call('echo', [1], 1.5))['id']).toBe(1.5);
  });
});

describe('gate: a client that stops reading', () => {
  let db: TestDatabase;
  let facade: TestFacade;
  let slowGate: RunningGate;

  beforeAll(async () => {
    ({
      db,
      facade,
      gate: slowGate,
    } = await startGateWithFacade('gate_slow', {
      GATE_MAX_OUTBOUND_BYTES: '262144',
    }));
  });

  afterAll(() => stopGateWithFacade({ db, facade, gate: slowGate }));

  it('closes a client that stops reading with 1013 once its outbound buffer is full; transfer says 1106', async () => {
    const client = await TestClient.connect(slowGate.wsUrl);
    const channelId = ((await client.call('envelope'))['result'] as { routing: { channelId: string } })
      .routing.channelId;
    (client.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const big = 'y'.repeat(60_000);
    let code = 0;
    for (let i = 0; i < 1000 && code === 0; i++) {
      const answer = (await transfer(slowGate.connectorUrl, { channelId, method: 'bulk', result: big }, i))
        .body as { error?: { code: number } };
      if (i === 0) expect(answer).toMatchObject({ result: { status: 'OK' } });
      code = answer.error?.code ?? 0;
    }
    expect(code).toBe(1106);
    (client.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await client.closed).toEqual({ code: 1013, reason: 'slow consumer: outbound buffer full' });
  }, 30_000);
});
