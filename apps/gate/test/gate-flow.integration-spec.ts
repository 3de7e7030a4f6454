import { connector, type RunningGate, startGate, transfer } from './support/gate-harness';
import { createTestDatabase, TestAuthority, type TestDatabase, until } from '@gatehouse/testing';
import { TestClient } from './support/test-client';
import { TestFacade } from './support/test-facade';

describe('gate: connect, authorize, forward, push, leave', () => {
  let db: TestDatabase;
  let facade: TestFacade;
  let auth: TestAuthority;
  let gate: RunningGate;
  const clients: TestClient[] = [];
  const connect = async (headers?: Record<string, string>) => {
    const client = await TestClient.connect(gate.wsUrl, headers);
    clients.push(client);
    return client;
  };
  /** Connect and log in with the pushed `sign` secret. */
  const login = async (user = 'alice') => {
    const client = await connect();
    const sign = await client.notification('sign');
    const secret = (sign['params'] as { secret: string }).secret;
    const answer = await client.call('auth.authorize', { user, secret, sign: auth.signSecret(user, secret) });
    expect(answer).toEqual({ jsonrpc: '2.0', id: expect.anything(), result: { status: 'OK' } });
    return client;
  };

  beforeAll(async () => {
    db = await createTestDatabase('gate_flow');
    facade = new TestFacade();
    auth = await new TestAuthority().start();
    auth.addUser('alice', ['user', 'admin']);
    auth.addUser('bob');
    gate = await startGate({
      GLS_FACADE_CONNECT: await facade.start(),
      GLS_AUTH_CONNECT: auth.url,
      DATABASE_URL: db.url,
      GATE_AUTH_CLIENT_SECRET: auth.clientSecret,
      GATE_TOKEN_ISSUER: auth.issuer,
      GATE_TOKEN_AUDIENCE: 'gatehouse',
      GATE_ANONYMOUS_METHODS: 'echo,public.*',
    });
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  afterAll(async () => {
    await gate?.close();
    await facade?.stop();
    await auth?.stop();
    await db?.drop();
  });

  it('signs in with the pushed secret, forwards with the envelope, pushes via transfer, and reports offline', async () => {
    const client = await login('alice');
    expect(await client.call('whoami', undefined, 0)).toEqual({
      jsonrpc: '2.0',
      id: 0,
      result: { user: 'alice', roles: ['user', 'admin'] },
    });

    const envelope = (await client.call('envelope', { a: 1 }, 'req-17'))['result'] as Record<string, unknown>;
    expect(Object.keys(envelope)).toEqual(['_frontendGate', 'auth', 'routing', 'meta', 'params']);
    expect(envelope).toEqual({
      _frontendGate: true,
      auth: { user: 'alice', roles: ['user', 'admin'] },
      routing: { requestId: 'req-17', channelId: expect.any(String) },
      meta: { clientRequestIp: '127.0.0.1' },
      params: { a: 1 },
    });
    const channelId = (envelope['routing'] as { channelId: string }).channelId;

    const pushed = await transfer(gate.connectorUrl, { channelId, method: 'news', result: { n: 1 } });
    expect(pushed).toEqual({ status: 200, body: { jsonrpc: '2.0', id: 1, result: { status: 'OK' } } });
    expect(await client.notification('news')).toEqual({
      jsonrpc: '2.0',
      method: 'news',
      params: { result: { n: 1 } },
    });
    await transfer(gate.connectorUrl, { channelId, method: 'news', error: { code: 7, message: 'bad news' } });
    expect(await client.notification('news')).toEqual({
      jsonrpc: '2.0',
      method: 'news',
      params: { error: { code: 7, message: 'bad news' } },
    });

    await client.close();
    await until(
      () => facade.callsOf('offline').some((c) => c.params['channelId'] === channelId),
      'the offline notification',
      5000,
      20,
    );
    expect(facade.callsOf('offline').find((c) => c.params['channelId'] === channelId)).toMatchObject({
      params: { channelId, user: 'alice' },
    });
    expect(facade.callsOf('offline').at(-1)).not.toHaveProperty('id');
  });

  it('keeps ids exactly and answers concurrent calls as they finish', async () => {
    const client = await login('bob');
    client.send(JSON.stringify({ jsonrpc: '2.0', method: 'slow', params: { ms: 300 }, id: 'slow' }));
    client.send(JSON.stringify({ jsonrpc: '2.0', method: 'echo', params: [1], id: 0 }));
    expect(await client.reply()).toEqual({ jsonrpc: '2.0', id: 0, result: [1] });
    expect(await client.reply()).toEqual({ jsonrpc: '2.0', id: 'slow', result: 'slow' });
    expect(await client.call('echo', { x: null }, 'x')).toEqual({
      jsonrpc: '2.0',
      id: 'x',
      result: { x: null },
    });
    expect((await client.call('fail'))['error']).toEqual({
      code: 4242,
      message: 'facade says no',
      data: { why: 'test' },
    });
  });

  it('lets anonymous clients call only the operator-set methods (1101)', async () => {
    const client = await connect();
    expect((await client.call('echo', ['hi']))['result']).toEqual(['hi']);
    expect((await client.call('public.news'))['error']).toMatchObject({ code: -32601 });
    expect((await client.call('whoami'))['error']).toMatchObject({ code: 1101 });
    expect(facade.callsOf('whoami').length).toBe(1);
  });

  it('refuses malformed authorization data with 1102', async () => {
    const client = await connect();
    const { secret } = (await client.notification('sign'))['params'] as { secret: string };
    for (const params of [
      undefined,
      [1],
      { user: 'alice' },
      { user: 1, secret, sign: 'x' },
      { token: 5 },
      { token: 'not-a-jwt' },
    ]) {
      expect((await client.call('auth.authorize', params))['error']).toMatchObject({ code: 1102 });
    }
    // Well-formed for the gate, but the auth service finds the signature's encoding invalid.
    expect(
      (await client.call('auth.authorize', { user: 'alice', secret, sign: 'zz' }))['error'],
    ).toMatchObject({ code: 1102 });
  });

  it('refuses wrong signatures, reused, foreign and unknown secrets with 1103', async () => {
    const client = await connect();
    const other = await connect();
    const { secret } = (await client.notification('sign'))['params'] as { secret: string };
    const theirs = ((await other.notification('sign'))['params'] as { secret: string }).secret;
    const wrong = auth.signSecret('bob', secret);
    expect(
      (await client.call('auth.authorize', { user: 'alice', secret, sign: wrong }))['error'],
    ).toMatchObject({ code: 1103 });
    // The secret was spent by the failed attempt: single use.
    expect(
      (
        await client.call('auth.authorize', { user: 'alice', secret, sign: auth.signSecret('alice', secret) })
      )['error'],
    ).toMatchObject({ code: 1103 });
    expect(
      (
        await client.call('auth.authorize', {
          user: 'alice',
          secret: theirs,
          sign: auth.signSecret('alice', theirs),
        })
      )['error'],
    ).toMatchObject({ code: 1103 });
    const fresh = ((await client.call('auth.generateSecret'))['result'] as { secret: string }).secret;
    expect(
      (
        await client.call('auth.authorize', {
          user: 'alice',
          secret: fresh,
          sign: auth.signSecret('alice', fresh),
        })
      )['result'],
    ).toEqual({ status: 'OK' });
  });

  it('signs in with an access token, re-authorizes before expiry, and falls back to anonymous when it lapses', async () => {
    const client = await connect();
    expect(
      (await client.call('auth.authorize', { token: await auth.accessToken('carol', 3, ['reader']) }))[
        'result'
      ],
    ).toEqual({ status: 'OK' });
    expect((await client.call('whoami'))['result']).toEqual({ user: 'carol', roles: ['reader'] });
    expect(
      (await client.call('auth.authorize', { token: await auth.accessToken('dave', 60) }))['error'],
    ).toMatchObject({ code: 1103 });
    expect(
      (await client.call('auth.authorize', { token: await auth.accessToken('carol', -60) }))['error'],
    ).toMatchObject({ code: 1103 });

    const other = await connect();
    // A client_credentials token of a client named `erin` is not the user erin.
    expect(
      (await other.call('auth.authorize', { token: await auth.accessToken('erin', 60, ['user'], 'client') }))[
        'error'
      ],
    ).toMatchObject({
      code: 1103,
      data: { reason: "token is not a user's" },
    });
    expect(
      (await other.call('auth.authorize', { token: await auth.accessToken('erin', 60) }))['result'],
    ).toEqual({ status: 'OK' });
    expect(
      (await other.call('auth.authorize', { token: await auth.accessToken('erin', 120) }))['result'],
    ).toEqual({ status: 'OK' });

    await new Promise((r) => setTimeout(r, 3200));
    expect((await client.call('whoami'))['error']).toMatchObject({ code: 1101 });
    expect(await client.notification('auth.expired')).toMatchObject({ params: { user: 'carol' } });
    expect((await other.call('whoami'))['result']).toMatchObject({ user: 'erin' });
  });

  it('answers the connector with JSON-RPC errors: 1105, -32602, -32601, -32700, and 401 without a token', async () => {
    expect(
      (await transfer(gate.connectorUrl, { channelId: 'nobody', method: 'x', result: 1 })).body,
    ).toMatchObject({ error: { code: 1105 } });
    expect((await transfer(gate.connectorUrl, { channelId: 'c', method: 'x' })).body).toMatchObject({
      error: { code: -32602 },
    });
    expect(
      (await connector(gate.connectorUrl, { jsonrpc: '2.0', method: 'nope', id: 1 })).body,
    ).toMatchObject({ error: { code: -32601 } });
    expect(await connector(gate.connectorUrl, '{"jsonrpc":')).toMatchObject({
      body: { id: null, error: { code: -32700 } },
    });
    expect(
      (await connector(gate.connectorUrl, { jsonrpc: '2.0', method: 'transfer', id: 1 }, 'wrong')).status,
    ).toBe(401);
    expect(await connector(gate.connectorUrl, { jsonrpc: '2.0', method: 'nope' })).toEqual({
      status: 204,
      body: undefined,
    });
  });

  it('answers 1107 when the facade answers garbage', async () => {
    const client = await login('bob');
    expect((await client.call('garbage'))['error']).toMatchObject({ code: 1107 });
  });

  it('keeps daily statistics of connections and unique users', async () => {
    await login('alice');
    const response = await fetch(`${gate.connectorUrl}/stats/daily`, {
      headers: { authorization: 'Bearer connector-test-token' },
    });
    const days = (await response.json()) as { connections: number; uniqueUsers: number }[];
    expect(days[0]!.connections).toBeGreaterThan(5);
    expect(days[0]!.uniqueUsers).toBeGreaterThanOrEqual(2);
  });
});
