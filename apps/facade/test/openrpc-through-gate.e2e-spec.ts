import type { INestApplication } from '@nestjs/common';
import type { OpenRpcDocument, OpenRpcMethod } from '@gatehouse/protocol';
import {
  createTestDatabase,
  freePort,
  type GateProcess,
  openRpcProblems,
  startGateProcess,
  type TestDatabase,
} from '@gatehouse/testing';
import WebSocket from 'ws';
import { startStandaloneFacade } from './support/standalone-facade';

/**
 * `rpc.discover` through a real gate process to this real facade: the gate's own methods merged
 * with the ones the facade describes, the same document at the connector's `GET /openrpc.json`,
 * and both valid against the OpenRPC meta-schema.
 */
describe('OpenRPC: the gate describes itself and its facade', () => {
  let db: TestDatabase;
  let facade: INestApplication;
  let gate: GateProcess;
  let lonelyGate: GateProcess;

  beforeAll(async () => {
    db = await createTestDatabase('openrpc_through_gate');
    const started = await startStandaloneFacade('openrpc-through-gate');
    facade = started.app;
    // Authorization on (auth.* are the gate's), with an auth service nobody calls here.
    const env = { GLS_DISABLE_AUTH: 'false', GATE_ANONYMOUS_METHODS: 'echo' };
    gate = await startGateProcess({ facadeUrl: started.url, databaseUrl: db.url, env });
    lonelyGate = await startGateProcess({
      facadeUrl: `http://127.0.0.1:${await freePort()}/`,
      databaseUrl: db.url,
      env,
    });
  }, 90_000);

  afterAll(async () => {
    await gate?.process.stop();
    await lonelyGate?.process.stop();
    await facade?.close();
    await db?.drop();
  });

  const discover = async (target: GateProcess): Promise<OpenRpcDocument> => {
    const socket = new WebSocket(target.wsUrl, { perMessageDeflate: false });
    try {
      const answer = new Promise<{ id?: number; result?: OpenRpcDocument }>((resolve) =>
        socket.on('message', (data) => {
          const message = JSON.parse(String(data)) as { id?: number; result?: OpenRpcDocument };
          if (message.id === 1) resolve(message);
        }),
      );
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      // Anonymous: the connection has not authorized, and rpc.discover is not in GATE_ANONYMOUS_METHODS.
      socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'rpc.discover' }));
      return (await answer).result!;
    } finally {
      socket.terminate();
    }
  };
  const named = (document: OpenRpcDocument, name: string): OpenRpcMethod | undefined =>
    document.methods.find((m) => m.name === name);

  it('answers rpc.discover to an anonymous client with a valid document of the gate and facade methods', async () => {
    const document = await discover(gate);
    expect(await openRpcProblems(document)).toEqual([]);
    expect(document.methods.map((m) => m.name)).toEqual([
      'auth.generateSecret',
      'auth.authorize',
      'echo',
      'whoami',
      'subscribe',
    ]);
    expect(document['x-facade']).toBe('described');
    expect(document['x-notifications']).toEqual(
      expect.arrayContaining([
        {
          method: 'sign',
          summary: expect.any(String),
          params: expect.objectContaining({ required: ['secret'] }),
        },
      ]),
    );

    const authorize = named(document, 'auth.authorize')!;
    expect(authorize.params.map((p) => p.name)).toEqual(['user', 'secret', 'sign', 'token']);
    expect(authorize.errors!.map((e) => e.code)).toEqual(expect.arrayContaining([1102, 1103, -32000]));

    // The facade's own description, as its schemas say, plus what the gate adds to a forwarded call.
    const subscribe = named(document, 'subscribe')!;
    expect(subscribe.params).toEqual([
      expect.objectContaining({
        name: 'count',
        required: false,
        schema: expect.objectContaining({ maximum: 100, default: 3 }),
      }),
      expect.objectContaining({ name: 'intervalMs', required: false }),
    ]);
    expect(subscribe.errors!.map((e) => e.code)).toEqual(
      expect.arrayContaining([-32602, -32001, 1101, 1104, 1107]),
    );
    expect(subscribe['x-notifications']).toEqual([expect.objectContaining({ method: 'ticker' })]);
    expect([named(document, 'echo')!['x-anonymous'], named(document, 'whoami')!['x-anonymous']]).toEqual([
      true,
      false,
    ]);
  });

  it('serves the same document at GET /openrpc.json on the connector port', async () => {
    const response = await fetch(`${gate.connectorUrl}/openrpc.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const document = (await response.json()) as OpenRpcDocument;
    expect(await openRpcProblems(document)).toEqual([]);
    expect(document).toEqual(await discover(gate));
  });

  it('still describes its own methods when the facade cannot be reached', async () => {
    const document = await discover(lonelyGate);
    expect(await openRpcProblems(document)).toEqual([]);
    expect(document.methods.map((m) => m.name)).toEqual(['auth.generateSecret', 'auth.authorize']);
    expect(document['x-facade']).toBe('unavailable');
  });
});
