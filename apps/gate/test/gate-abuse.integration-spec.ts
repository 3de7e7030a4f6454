import {
  createTestDatabase,
  rawHttpExchange,
  TestAuthority,
  type TestDatabase,
  until,
} from '@gatehouse/testing';
import { WebSocket } from 'ws';
import { ConnectionRegistry } from '../src/connections/connection-registry.service';
import {
  CONNECTOR_TOKEN,
  type RunningGate,
  startGate,
  startGateWithFacade,
  stopGateWithFacade,
} from './support/gate-harness';
import { TestClient } from './support/test-client';
import { TestFacade } from './support/test-facade';

/** Issue 8 section 4: each attack on the gate's fairness, against the real gate and real clients. */

interface Upgrade {
  status: number;
  retryAfter: string | undefined;
  socket?: WebSocket;
}

/** Tries to open a socket; the HTTP status of the answer (101 when it opened). */
function tryUpgrade(
  url: string,
  options: { localAddress?: string; headers?: Record<string, string> } = {},
): Promise<Upgrade> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false, ...options });
    socket.once('open', () => resolve({ status: 101, retryAfter: undefined, socket }));
    socket.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] });
      res.resume();
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

const call = (method: string, params: unknown, id?: number | string) =>
  JSON.stringify(
    id === undefined ? { jsonrpc: '2.0', method, params } : { jsonrpc: '2.0', method, params, id },
  );

describe('gate under abuse: addresses, origins, logins, garbage, timeouts', () => {
  let db: TestDatabase;
  let facade: TestFacade;
  let auth: TestAuthority;
  let gate: RunningGate;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    // The platform reads these at start, as main.ts would from the environment.
    process.env['GATEHOUSE_HTTP_HEADERS_TIMEOUT_MS'] = '300';
    process.env['GATEHOUSE_HTTP_REQUEST_TIMEOUT_MS'] = '600';
    db = await createTestDatabase('gate_abuse');
    facade = new TestFacade();
    auth = await new TestAuthority().start();
    auth.addUser('alice');
    gate = await startGate({
      GLS_FACADE_CONNECT: await facade.start(),
      GLS_AUTH_CONNECT: auth.url,
      DATABASE_URL: db.url,
      GATE_AUTH_CLIENT_SECRET: auth.clientSecret,
      GATE_TOKEN_ISSUER: auth.issuer,
      GATE_ANONYMOUS_METHODS: 'echo',
      GATE_MAX_CONNECTIONS_PER_IP: '3',
      GATE_TRUSTED_PROXIES: '127.0.0.3',
      GATE_ALLOWED_ORIGINS: 'http://127.0.0.1:8090,https://app.example',
      GATE_LOGIN_TIMEOUT_MS: '2000',
      GATE_RATE_PER_SEC: '1',
      GATE_RATE_BURST: '8',
      GATE_ABUSE_LIMIT: '10',
    });
  });

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.terminate();
    // The next test starts from no connections at all, for the per-address count.
    const registry = gate.app.get(ConnectionRegistry);
    await until(() => registry.size === 0, 'every connection gone from the registry', 10_000, 20);
  });

  afterAll(async () => {
    await gate?.close();
    await facade?.stop();
    await auth?.stop();
    await db?.drop();
    delete process.env['GATEHOUSE_HTTP_HEADERS_TIMEOUT_MS'];
    delete process.env['GATEHOUSE_HTTP_REQUEST_TIMEOUT_MS'];
  });

  const open = async (options?: Parameters<typeof tryUpgrade>[1]) => {
    const upgrade = await tryUpgrade(gate.wsUrl, options);
    if (upgrade.socket) sockets.push(upgrade.socket);
    return upgrade;
  };

  it('caps connections per client address (429, Retry-After: 1) without touching other addresses', async () => {
    for (let i = 0; i < 3; i++) expect((await open()).status).toBe(101);
    expect(await open()).toEqual({ status: 429, retryAfter: '1' });
    // Another address is not affected by the first one's connections.
    expect((await open({ localAddress: '127.0.0.2' })).status).toBe(101);
    // One closed: that address may connect again.
    const first = sockets[0]!;
    const closed = new Promise((resolve) => first.once('close', resolve));
    first.close();
    await closed;
    await until(async () => (await open()).status === 101, 'the upgrade accepted again', 10_000, 20);
  });

  it('counts clients behind a trusted proxy by their forwarded address', async () => {
    const via = (client: string) =>
      open({ localAddress: '127.0.0.3', headers: { 'x-forwarded-for': client } });
    for (let i = 0; i < 3; i++) expect((await via('203.0.113.7')).status).toBe(101);
    expect((await via('203.0.113.7')).status).toBe(429);
    expect((await via('203.0.113.8')).status).toBe(101);
  });

  it('refuses browsers from origins not in GATE_ALLOWED_ORIGINS (403), accepts listed ones and non-browsers', async () => {
    expect((await open({ headers: { origin: 'https://evil.example' } })).status).toBe(403);
    expect((await open({ headers: { origin: 'http://127.0.0.1:8090' } })).status).toBe(101);
    expect((await open({ headers: { origin: 'https://app.example' } })).status).toBe(101);
    expect((await open()).status).toBe(101);
  });

  it('closes a connection that never authorizes with 4408 and says why; one that logged in stays', async () => {
    const anonymous = await TestClient.connect(gate.wsUrl);
    const member = await TestClient.connect(gate.wsUrl);
    sockets.push(anonymous.socket, member.socket);
    const secret = ((await member.notification('sign'))['params'] as { secret: string }).secret;
    expect(
      (
        await member.call('auth.authorize', { user: 'alice', secret, sign: auth.signSecret('alice', secret) })
      )['result'],
    ).toEqual({ status: 'OK' });
    expect(await anonymous.closed).toEqual({
      code: 4408,
      reason: 'login timeout: not authorized within 2000 ms',
    });
    // The member outlives the anonymous one's deadline by far, and still gets answers.
    await new Promise((r) => setTimeout(r, 600));
    expect(member.socket.readyState).toBe(WebSocket.OPEN);
    expect((await member.call('echo', [1]))['result']).toEqual([1]);
  });

  it('charges malformed frames and invalid batch members like calls: rate limit, then 1008', async () => {
    const client = await TestClient.connect(gate.wsUrl);
    sockets.push(client.socket);
    await client.notification('sign');
    client.send('[1,2,3,4,5,6,7,8]');
    expect(((await client.reply()) as { error: { code: number } }[]).map((a) => a.error.code)).toEqual(
      Array(8).fill(-32600),
    );
    // The burst (8) is spent by garbage: the next real call is over the rate (1/s).
    expect((await client.call('echo', [1]))['error']).toMatchObject({ code: -32000 });
    const flood = await TestClient.connect(gate.wsUrl);
    sockets.push(flood.socket);
    for (let i = 0; i < 10; i++) flood.send('{not json');
    expect(await flood.closed).toEqual({ code: 1008, reason: 'policy violation: request limits exceeded' });
  });

  it('answers an invalid request with a long id with id null, a short one with its id', async () => {
    const client = await TestClient.connect(gate.wsUrl);
    sockets.push(client.socket);
    client.send(JSON.stringify({ jsonrpc: '1.0', method: 'echo', id: 'x'.repeat(129) }));
    expect(await client.take((m) => 'error' in m)).toMatchObject({ id: null, error: { code: -32600 } });
    client.send(JSON.stringify({ jsonrpc: '1.0', method: 'echo', id: 'x'.repeat(128) }));
    expect(await client.take((m) => 'error' in m)).toMatchObject({
      id: 'x'.repeat(128),
      error: { code: -32600 },
    });
  });

  it('cuts a client that trickles its headers, on the client listener and on the connector', async () => {
    const port = (url: string) => Number(new URL(url).port);
    const partial = 'GET / HTTP/1.1\r\nHost: gate\r\nUpgrade: websocket\r\n';
    expect(await rawHttpExchange(port(gate.wsUrl), partial)).toMatch(/^HTTP\/1\.1 408 /);
    expect(await rawHttpExchange(port(gate.connectorUrl), 'POST / HTTP/1.1\r\nHost: gate\r\n')).toMatch(
      /^HTTP\/1\.1 408 /,
    );
  });

  it('authenticates a connector caller before reading its body, and takes no more than one transfer', async () => {
    const post = (body: string, token?: string) =>
      fetch(gate.connectorUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body,
      });
    // No token: refused before the (malformed) body is parsed, so 401, not a parse error.
    const anonymous = await post('{not json');
    expect({ status: anonymous.status, body: await anonymous.json() }).toMatchObject({
      status: 401,
      body: { code: 'invalid_token' },
    });
    const huge = call('transfer', { channelId: 'c', method: 'm', result: 'x'.repeat(70 * 1024) }, 1);
    const tooBig = await post(huge, CONNECTOR_TOKEN);
    expect({ status: tooBig.status, body: await tooBig.json() }).toMatchObject({
      status: 413,
      body: { id: null, error: { code: -32600 } },
    });
    // Chunked, without a length to refuse it by: cut as soon as the count passes the limit.
    const chunked = await fetch(gate.connectorUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${CONNECTOR_TOKEN}` },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(huge));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect({ status: chunked.status, body: await chunked.json() }).toMatchObject({
      status: 413,
      body: { id: null, error: { code: -32600 } },
    });
    const fits = await post(
      call('transfer', { channelId: 'nobody', method: 'm', result: 'x'.repeat(60 * 1024) }, 2),
      CONNECTOR_TOKEN,
    );
    expect(await fits.json()).toMatchObject({ id: 2, error: { code: 1105 } });
  });
});

describe('gate under load: backpressure and a bounded facade backlog', () => {
  let db: TestDatabase;
  let facade: TestFacade;
  let gate: RunningGate;
  const clients: TestClient[] = [];
  const connect = async () => {
    const client = await TestClient.connect(gate.wsUrl);
    clients.push(client);
    closedClients++;
    return client;
  };

  beforeAll(async () => {
    ({ db, facade, gate } = await startGateWithFacade('gate_backpressure', {
      GATE_MAX_IN_FLIGHT: '5',
      GATE_RATE_PER_SEC: '100000',
      GATE_RATE_BURST: '100000',
      GATE_FACADE_BATCH: 'false',
      GATE_FACADE_CONNECTIONS: '1',
      GATE_FACADE_MAX_BACKLOG: '4',
    }));
  });

  let closedClients = 0;
  afterEach(async () => {
    facade.release();
    for (const c of clients.splice(0)) c.socket.terminate();
    // Each closed client's `offline` notification takes a facade slot: let them all go out first,
    // so every test starts with an empty backlog.
    const registry = gate.app.get(ConnectionRegistry);
    await until(() => registry.size === 0, 'every connection gone from the registry', 10_000, 20);
    await until(
      () => facade.callsOf('offline').length === closedClients,
      'an offline notice per closed client',
      10_000,
      20,
    );
  });

  afterAll(() => stopGateWithFacade({ db, facade, gate }));

  it('answers all of 200 pipelined calls, each with its id, and keeps the connection open', async () => {
    const client = await connect();
    for (let i = 0; i < 200; i++) client.send(call('echo', [i], `c${i}`));
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => client.take((m) => m['id'] === `c${i}`, 30_000)),
    );
    expect(answers.map((a) => a['result'])).toEqual(Array.from({ length: 200 }, (_, i) => [i]));
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('counts notifications against the in-flight limit: every one of 50 reaches the facade', async () => {
    const client = await connect();
    const before = facade.callsOf('note').length;
    for (let i = 0; i < 50; i++) client.send(call('note', { i }));
    expect((await client.call('echo', ['after']))['result']).toEqual(['after']);
    await until(
      () => facade.callsOf('note').length - before === 50,
      'the 50 notifications at the facade',
      10_000,
      20,
    );
  });

  it('fails a call at once with 1104 when the facade backlog is full', async () => {
    const holder = await connect();
    const before = facade.callsOf('hold').length;
    // One batch, so all five are queued in the same tick: one on the wire (one facade connection),
    // four waiting, and the backlog is full.
    holder.send(`[${Array.from({ length: 5 }, (_, i) => call('hold', {}, i)).join(',')}]`);
    await until(
      () => facade.callsOf('hold').length === before + 1,
      'the held call at the facade',
      10_000,
      20,
    );
    const other = await connect();
    expect(await other.call('echo', [1])).toMatchObject({
      error: { code: 1104, data: { reason: 'facade backlog full' } },
    });
    await until(
      () => {
        facade.release();
        return facade.callsOf('hold').length === before + 5;
      },
      'the five held calls at the facade',
      10_000,
      20,
    );
    facade.release();
    expect(((await holder.reply(20_000)) as { result: unknown }[]).map((a) => a.result)).toEqual(
      Array(5).fill('held'),
    );
  });

  it('maps a facade answering an HTTP error with a JSON body to 1104', async () => {
    const client = await connect();
    expect(await client.call('http-status', { status: 503 })).toMatchObject({
      error: { code: 1104, data: { reason: 'facade answered HTTP 503' } },
    });
    expect(await client.call('http-status', { status: 401 })).toMatchObject({ error: { code: 1104 } });
  });
});
