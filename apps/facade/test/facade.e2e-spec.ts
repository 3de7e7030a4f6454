import { JsonRpcException } from '@gatehouse/protocol';
import {
  type AppProcess,
  createTestDatabase,
  freePort,
  startAppProcess,
  TestAuthority,
  type TestDatabase,
  until,
} from '@gatehouse/testing';
import { GONE_CHANNEL, type GateStandIn, startGateStandIn, transfers } from './support/gate-stand-in';
import { issueConfigurationToken, startProvider } from './support/provider';

const envelope = (params?: unknown, user: string | null = 'alice', channelId = 'c1') => ({
  _frontendGate: true,
  auth: { user, roles: user ? ['user'] : [] },
  routing: { requestId: 17, channelId },
  meta: { clientRequestIp: '203.0.113.9' },
  ...(params === undefined ? {} : { params }),
});

/** Real provider and facade processes; a `gate` that joined discovery with the client library. */
describe('facade over real HTTP, registered with the real discovery provider', () => {
  let db: TestDatabase;
  let authority: TestAuthority;
  let provider: AppProcess;
  let facade: AppProcess;
  let gate: GateStandIn;
  let other: GateStandIn;
  let pairToken: string;

  const post = (body: unknown, token: string | undefined = pairToken, raw = false) =>
    fetch(facade.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: raw ? (body as string) : JSON.stringify(body),
    });

  beforeAll(async () => {
    db = await createTestDatabase('facade_e2e');
    authority = await new TestAuthority().start();
    provider = await startProvider(db.url, authority);
    const admin = await authority.token();
    const facadeToken = await issueConfigurationToken(provider, admin, 'facade', ['gate']);
    const gateToken = await issueConfigurationToken(provider, admin, 'gate', ['facade']);
    gate = await startGateStandIn(gateToken);
    // Another service the provider lets call the facade: its pair token is valid, but it is not the gate.
    other = await startGateStandIn(await issueConfigurationToken(provider, admin, 'reports', ['facade']));
    const port = await freePort();
    facade = await startAppProcess({
      app: 'facade',
      port,
      env: {
        FACADE_HOST: '127.0.0.1',
        FACADE_PORT: String(port),
        FACADE_CONFIGURATION_TOKEN: facadeToken,
        LOG_LEVEL: 'warn',
      },
    });
    const permission = await until(() => gate.client.permissions()['facade'], 'the pair token', 15_000).catch(
      () => undefined,
    );
    if (!permission)
      throw new Error(
        `no update reached the gate from the provider; provider log tail:\n${provider.logs().slice(-4000)}`,
      );
    pairToken = permission.token;
    // The gate's view and the facade's `allows` come in two pushes, in either order: wait for the
    // facade's too (under load the gate's often arrives first, and the first call got 401).
    await until(
      async () => (await post({ jsonrpc: '2.0', method: 'echo' })).status !== 401,
      "the facade to accept the gate's pair token",
      15_000,
      50,
    );
  }, 90_000);

  afterAll(async () => {
    await gate?.app.close();
    await other?.app.close();
    await facade?.stop();
    await provider?.stop();
    await authority?.stop();
    await db?.drop();
  });

  it('answers echo and whoami through the library with the pair token', async () => {
    await expect(gate.client.jsonRpc('facade', 'echo', envelope({ a: [1, 2] }))).resolves.toEqual({
      a: [1, 2],
    });
    await expect(gate.client.jsonRpc('facade', 'echo', envelope())).resolves.toBeNull();
    await expect(gate.client.jsonRpc('facade', 'whoami', envelope())).resolves.toEqual({
      user: 'alice',
      roles: ['user'],
    });
  });

  it('refuses whoami for an anonymous connection with 1101', async () => {
    const error = await gate.client
      .jsonRpc('facade', 'whoami', envelope(undefined, null))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JsonRpcException);
    expect((error as JsonRpcException).error.code).toBe(1101);
  });

  it('gives -32602 for a missing or malformed envelope, -32601 for an unknown method', async () => {
    const bad = await post({ jsonrpc: '2.0', id: 1, method: 'echo', params: { hello: 1 } });
    expect(await bad.json()).toMatchObject({
      id: 1,
      error: { code: -32602, data: { fields: expect.arrayContaining(['_frontendGate']) } },
    });
    const sub = await post({ jsonrpc: '2.0', id: 2, method: 'subscribe', params: envelope({ count: 0 }) });
    expect(await sub.json()).toMatchObject({ id: 2, error: { code: -32602, data: { fields: ['count'] } } });
    const unknown = await post({ jsonrpc: '2.0', id: 3, method: 'launch', params: envelope() });
    expect(await unknown.json()).toMatchObject({ id: 3, error: { code: -32601 } });
  });

  it('speaks exact JSON-RPC 2.0: parse errors, batches, notifications', async () => {
    const parse = await post('{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]', pairToken, true);
    expect(parse.status).toBe(200);
    expect(await parse.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
    const batch = await post([
      { jsonrpc: '2.0', id: 'a', method: 'echo', params: envelope('x') },
      { jsonrpc: '2.0', method: 'echo', params: envelope('notified') },
      { foo: 'boo' },
    ]);
    expect(await batch.json()).toEqual([
      { jsonrpc: '2.0', id: 'a', result: 'x' },
      { jsonrpc: '2.0', id: null, error: expect.objectContaining({ code: -32600 }) },
    ]);
    const notifications = await post([
      { jsonrpc: '2.0', method: 'offline', params: { channelId: 'n1', user: null } },
    ]);
    expect(notifications.status).toBe(204);
    expect(await notifications.text()).toBe('');
  });

  it('refuses callers without a pair token from allows', async () => {
    expect((await post({ jsonrpc: '2.0', id: 1, method: 'echo', params: envelope() }, '')).status).toBe(401);
    expect(
      (await post({ jsonrpc: '2.0', id: 1, method: 'echo', params: envelope() }, 'forged-token')).status,
    ).toBe(401);
  });

  it('refuses a valid pair token of a service other than the gate with 403 not_gate', async () => {
    const permission = await until(
      () => other.client.permissions()['facade'],
      'the second pair token',
      15_000,
    );
    // Wait until the facade allows the token (401 before), then it must still refuse it.
    const res = await until(
      async () => {
        const reply = await post(
          { jsonrpc: '2.0', id: 1, method: 'whoami', params: envelope() },
          permission.token,
        );
        return reply.status === 401 ? undefined : reply;
      },
      'the facade to know the second token',
      15_000,
      50,
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'not_gate' });
  });

  it('pushes ticker notifications to the channel through the gate connector', async () => {
    const answer = await gate.client.jsonRpc(
      'facade',
      'subscribe',
      envelope({ count: 3, intervalMs: 30 }, 'alice', 'tick-channel'),
    );
    expect(answer).toEqual({ subscribed: 'ticker', count: 3, intervalMs: 30 });
    const pushed = await until(() => {
      const mine = transfers.filter((t) => t.channelId === 'tick-channel');
      return mine.length === 3 ? mine : undefined;
    }, 'three ticker transfers');
    expect(pushed.map((t) => [t.method, (t.result as { seq: number }).seq])).toEqual([
      ['ticker', 1],
      ['ticker', 2],
      ['ticker', 3],
    ]);
  });

  it('stops pushing to a channel the gate no longer has, and on offline', async () => {
    await gate.client.jsonRpc(
      'facade',
      'subscribe',
      envelope({ count: 5, intervalMs: 20 }, 'bob', GONE_CHANNEL),
    );
    await gate.client.jsonRpc(
      'facade',
      'subscribe',
      envelope({ count: 50, intervalMs: 200 }, 'bob', 'leaving'),
    );
    await expect(
      gate.client.jsonRpc('facade', 'offline', { channelId: 'leaving', user: 'bob' }),
    ).resolves.toEqual({ status: 'ok' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(transfers.filter((t) => t.channelId === GONE_CHANNEL || t.channelId === 'leaving')).toEqual([]);
  });

  it('accepts offline wrapped in an envelope, and refuses malformed offline params', async () => {
    await expect(gate.client.jsonRpc('facade', 'offline', envelope())).resolves.toEqual({ status: 'ok' });
    const bad = await post({ jsonrpc: '2.0', id: 9, method: 'offline', params: { channel: 1 } });
    expect(await bad.json()).toMatchObject({ id: 9, error: { code: -32602 } });
  });

  it('serves health', async () => {
    expect((await fetch(`${facade.url}/health/ready`)).status).toBe(200);
  });
});
