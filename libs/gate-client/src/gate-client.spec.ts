import { CloseCode, RpcCode } from './codes';
import { AbortedError, ConnectionClosedError, GateClientError, RpcError, TimeoutError } from './errors';
import { connect, type ClientOptions, type GateClient, type StatusEvent } from './gate-client';
import type { SocketLike } from './socket';

/** The server side of one socket, driven by the test: what the client sent, and what it gets. */
class FakeSocket implements SocketLike {
  static made: FakeSocket[] = [];
  readyState = 0;
  onopen: ((event: never) => void) | null = null;
  onmessage: ((event: never) => void) | null = null;
  onclose: ((event: never) => void) | null = null;
  onerror: ((event: never) => void) | null = null;
  readonly sent: Array<Record<string, unknown> | Array<Record<string, unknown>>> = [];
  closedWith: number | undefined;

  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(code?: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }

  accept(): void {
    this.readyState = 1;
    (this.onopen as (event: unknown) => void)({});
  }

  push(message: unknown): void {
    (this.onmessage as (event: { data: string }) => void)({ data: JSON.stringify(message) });
  }

  drop(code: number, reason = ''): void {
    this.readyState = 3;
    (this.onclose as (event: { code: number; reason: string }) => void)({ code, reason });
  }

  /** The single call sent last (not a batch). */
  last(): { id: number; method: string; params?: Record<string, unknown> } {
    return this.sent.at(-1) as { id: number; method: string; params?: Record<string, unknown> };
  }

  answer(result: unknown, id = this.last().id): void {
    this.push({ jsonrpc: '2.0', id, result });
  }
}

const latest = () => FakeSocket.made.at(-1)!;
const tick = () => jest.advanceTimersByTimeAsync(0);
const options = (extra: ClientOptions = {}): ClientOptions => ({ WebSocket: FakeSocket, ...extra });

/** A connected client without login. */
async function ready(extra?: ClientOptions): Promise<GateClient<{ ticker: { result: { seq: number } } }>> {
  const client = connect<{ ticker: { result: { seq: number } } }>('ws://gate.test', options(extra));
  latest().accept();
  return client;
}

/** A client logged in with `getToken` (the first token accepted by the fake gate). */
async function loggedIn(getToken: () => Promise<string>, extra: ClientOptions = {}): Promise<GateClient> {
  const pending = connect('ws://gate.test', options({ login: { getToken }, ...extra }));
  latest().accept();
  await tick();
  latest().answer({ status: 'OK' });
  return pending;
}

/** A base64url JWT-shaped token (the client reads `exp`/`iat`, never the signature). */
function jwt(claims: { iat: number; exp: number }): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'ES256', typ: 'at+jwt' })}.${part({ sub: 'alice', ...claims })}.signature`;
}

beforeEach(() => {
  FakeSocket.made = [];
  jest.useFakeTimers();
});
afterEach(() => jest.useRealTimers());

describe('calls', () => {
  it('resolves a call with its result and rejects an error answer with an RpcError carrying the code', async () => {
    const client = await ready();
    const echoed = client.call('echo', { a: 1 });
    expect(latest().last()).toEqual({
      jsonrpc: '2.0',
      id: expect.any(Number),
      method: 'echo',
      params: { a: 1 },
    });
    latest().answer({ a: 1 });
    await expect(echoed).resolves.toEqual({ a: 1 });

    const denied = client.call('whoami');
    expect(latest().last()).not.toHaveProperty('params');
    latest().push({
      jsonrpc: '2.0',
      id: latest().last().id,
      error: { code: 1101, message: 'Access denied', data: { method: 'whoami' } },
    });
    const error = (await denied.catch((e: unknown) => e)) as RpcError;
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toBeInstanceOf(GateClientError);
    expect([error.code, error.message, error.data]).toEqual([
      RpcCode.AccessDenied,
      'Access denied',
      { method: 'whoami' },
    ]);
  });

  it('keeps a code it does not know as received', async () => {
    const client = await ready();
    const call = client.call('launch');
    latest().push({ jsonrpc: '2.0', id: latest().last().id, error: { code: 4242, message: 'newer gate' } });
    await expect(call).rejects.toMatchObject({ name: 'RpcError', code: 4242, message: 'newer gate' });
  });

  it('sends a batch as one frame and settles each call on its own, whatever the answer order', async () => {
    const client = await ready();
    const settled = client.batch([{ method: 'echo', params: ['x'] }, { method: 'nope' }]);
    const frame = latest().sent.at(-1) as Array<{ id: number; method: string }>;
    expect(frame.map((m) => m.method)).toEqual(['echo', 'nope']);
    latest().push([
      {
        jsonrpc: '2.0',
        id: frame[1]!.id,
        error: { code: RpcCode.MethodNotFound, message: 'Method not found' },
      },
      { jsonrpc: '2.0', id: frame[0]!.id, result: 'x' },
    ]);
    const [first, second] = await settled;
    expect(first).toEqual({ status: 'fulfilled', value: 'x' });
    expect(second).toMatchObject({ status: 'rejected', reason: { code: -32601 } });
  });

  it('fails a call with TimeoutError after its timeout and drops the late answer', async () => {
    const client = await ready({ callTimeoutMs: 1000 });
    const slow = client.call('slow', undefined, { timeoutMs: 50 });
    const id = latest().last().id;
    const failed = expect(slow).rejects.toBeInstanceOf(TimeoutError);
    await jest.advanceTimersByTimeAsync(50);
    await failed;
    latest().answer('late', id);
    const next = client.call('echo');
    latest().answer('on time');
    await expect(next).resolves.toBe('on time');
  });

  it('fails a call with AbortedError when its signal fires, and sends nothing for a signal already aborted', async () => {
    const client = await ready();
    const controller = new AbortController();
    const call = client.call('slow', undefined, { signal: controller.signal });
    controller.abort('user left');
    await expect(call).rejects.toMatchObject({ name: 'AbortedError', cause: 'user left' });
    const sentBefore = latest().sent.length;
    await expect(client.call('echo', undefined, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AbortedError,
    );
    expect(latest().sent).toHaveLength(sentBefore);
  });

  it('delivers notifications to typed listeners until they unsubscribe', async () => {
    const client = await ready();
    const seen: number[] = [];
    const off = client.on('ticker', (params) => seen.push(params.result.seq));
    latest().push({ jsonrpc: '2.0', method: 'ticker', params: { result: { seq: 1 } } });
    off();
    latest().push({ jsonrpc: '2.0', method: 'ticker', params: { result: { seq: 2 } } });
    expect(seen).toEqual([1]);
  });

  it('reports a listener that throws without keeping the others from the push', async () => {
    const client = await ready();
    const seen: number[] = [];
    client.on('ticker', () => {
      throw new Error('listener bug');
    });
    client.on('ticker', (params) => seen.push(params.result.seq));
    latest().push({ jsonrpc: '2.0', method: 'ticker', params: { result: { seq: 1 } } });
    expect(seen).toEqual([1]);
    expect(() => jest.runOnlyPendingTimers()).toThrow('listener bug');
  });

  it('ignores frames that are not JSON-RPC answers it waits for', async () => {
    const client = await ready();
    const call = client.call('echo');
    (latest().onmessage as (event: { data: string }) => void)({ data: 'not json' });
    latest().push({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
    latest().push(7);
    latest().answer('still fine');
    await expect(call).resolves.toBe('still fine');
  });
});

describe('login', () => {
  it('authorizes with the token before any call of the app goes out', async () => {
    const pending = connect('ws://gate.test', options({ login: { token: 't1' } }));
    latest().accept();
    expect(latest().last()).toMatchObject({ method: 'auth.authorize', params: { token: 't1' } });
    latest().answer({ status: 'OK' });
    const client = await pending;
    void client.call('whoami');
    expect(latest().sent.map((m) => (m as { method: string }).method)).toEqual(['auth.authorize', 'whoami']);
  });

  it('holds calls made while it logs in, and sends them after', async () => {
    const pending = connect('ws://gate.test', options({ login: { getToken: async () => 't1' } }));
    latest().accept();
    await tick();
    const client = await Promise.race([pending, Promise.resolve(undefined)]);
    expect(client).toBeUndefined();
    expect(latest().sent).toHaveLength(1);
    latest().answer({ status: 'OK' });
    const ready = await pending;
    const whoami = ready.call('whoami');
    latest().answer({ user: 'alice' });
    await expect(whoami).resolves.toEqual({ user: 'alice' });
  });

  it('answers the pushed sign with the signer', async () => {
    const signer = jest.fn(async (secret: string) => `signed:${secret}`);
    const pending = connect('ws://gate.test', options({ login: { user: 'alice', signer } }));
    latest().accept();
    expect(latest().sent).toHaveLength(0);
    latest().push({ jsonrpc: '2.0', method: 'sign', params: { secret: 's1' } });
    await tick();
    expect(latest().last()).toMatchObject({
      method: 'auth.authorize',
      params: { user: 'alice', secret: 's1', sign: 'signed:s1' },
    });
    latest().answer({ status: 'OK' });
    await expect(pending).resolves.toBeDefined();
  });

  it('asks for a secret when the app authorizes by challenge after the pushed one was used', async () => {
    const client = await ready();
    const done = client.authorize({ user: 'alice', signer: async (secret) => `signed:${secret}` });
    expect(latest().last()).toMatchObject({ method: 'auth.generateSecret' });
    latest().answer({ secret: 's2' });
    await tick();
    expect(latest().last()).toMatchObject({
      method: 'auth.authorize',
      params: { secret: 's2', sign: 'signed:s2' },
    });
    latest().answer({ status: 'OK' });
    await expect(done).resolves.toEqual({ status: 'OK' });
  });

  it('rejects connect() with the RpcError when the first login is refused, and closes', async () => {
    const pending = connect('ws://gate.test', options({ login: { token: 'bad' } }));
    const socket = latest();
    socket.accept();
    socket.push({
      jsonrpc: '2.0',
      id: socket.last().id,
      error: { code: 1103, message: 'Access denied: authorization rejected' },
    });
    await expect(pending).rejects.toMatchObject({ name: 'RpcError', code: RpcCode.AuthRejected });
    expect(socket.closedWith).toBe(CloseCode.Normal);
  });

  it('gets a fresh token before the current one lapses and re-authorizes on the same socket', async () => {
    const now = Math.floor(Date.now() / 1000);
    const tokens = [jwt({ iat: now, exp: now + 900 }), jwt({ iat: now + 840, exp: now + 1740 })];
    const getToken = jest.fn(async () => tokens.shift()!);
    await loggedIn(getToken, { refreshAheadMs: 60_000 });
    await jest.advanceTimersByTimeAsync(839_000);
    expect(getToken).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(FakeSocket.made).toHaveLength(1);
    expect(latest().last()).toMatchObject({
      method: 'auth.authorize',
      params: { token: expect.stringMatching(/\./) },
    });
  });

  it('on auth.expired, gets a fresh token and re-authorizes; calls made meanwhile wait for it', async () => {
    let n = 0;
    const getToken = jest.fn(async () => `t${++n}`);
    const client = await loggedIn(getToken);
    latest().push({
      jsonrpc: '2.0',
      method: 'auth.expired',
      params: { user: 'alice', reason: 'access token expired' },
    });
    expect(client.status).toBe('authorizing');
    const whoami = client.call('whoami');
    await tick();
    expect(latest().last()).toMatchObject({ method: 'auth.authorize', params: { token: 't2' } });
    latest().answer({ status: 'OK' });
    await tick();
    expect(latest().last()).toMatchObject({ method: 'whoami' });
    latest().answer({ user: 'alice' });
    await expect(whoami).resolves.toEqual({ user: 'alice' });
  });

  it('reports a refused re-login as unauthorized, then lets calls go out anonymous', async () => {
    const tokens = ['t1', 'revoked'];
    const client = await loggedIn(async () => tokens.shift()!);
    const events: StatusEvent[] = [];
    client.onStatus((e) => events.push(e));
    latest().push({ jsonrpc: '2.0', method: 'auth.expired', params: { user: 'alice' } });
    await tick();
    latest().push({ jsonrpc: '2.0', id: latest().last().id, error: { code: 1103, message: 'rejected' } });
    await tick();
    expect(events.at(-1)).toMatchObject({ status: 'unauthorized', error: { code: 1103 } });
    void client.call('whoami');
    expect(latest().last()).toMatchObject({ method: 'whoami' });
  });
});

describe('reconnect', () => {
  it('fails calls in flight with the close code, reconnects after a backoff, logs in again and resubscribes', async () => {
    let n = 0;
    const resubscribe = jest.fn((client: GateClient) => client.call('subscribe'));
    const client = await loggedIn(async () => `t${++n}`, {
      resubscribe,
      reconnect: { initialDelayMs: 100, maxDelayMs: 1000 },
    });
    const events: StatusEvent[] = [];
    client.onStatus((e) => events.push(e));

    const inFlight = client.call('slow');
    latest().drop(CloseCode.GoingAway, 'server shutting down');
    const error = (await inFlight.catch((e: unknown) => e)) as ConnectionClosedError;
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect([error.code, error.reason, error.policy]).toEqual([1001, 'server shutting down', 'soon']);
    expect(events.at(-1)).toMatchObject({ status: 'reconnecting', error: { code: 1001 } });
    const delay = events.at(-1)!.delayMs!;
    expect(delay).toBeGreaterThanOrEqual(50);
    expect(delay).toBeLessThanOrEqual(100);

    const waiting = client.call('whoami');
    await jest.advanceTimersByTimeAsync(delay);
    expect(FakeSocket.made).toHaveLength(2);
    latest().accept();
    await tick();
    expect(latest().last()).toMatchObject({ method: 'auth.authorize', params: { token: 't2' } });
    latest().answer({ status: 'OK' });
    await tick();
    expect(latest().sent.map((m) => (m as { method: string }).method)).toEqual([
      'auth.authorize',
      'whoami',
      'subscribe',
    ]);
    expect(resubscribe).toHaveBeenCalledWith(client);
    latest().answer({ user: 'alice' }, (latest().sent[1] as { id: number }).id);
    await expect(waiting).resolves.toEqual({ user: 'alice' });
  });

  it('backs off exponentially while the gate stays away, and starts over once connected', async () => {
    const client = await ready({ reconnect: { initialDelayMs: 100, maxDelayMs: 800 } });
    const delays: number[] = [];
    client.onStatus((e) => e.delayMs !== undefined && delays.push(e.delayMs));
    latest().drop(CloseCode.Abnormal);
    for (let i = 0; i < 5; i++) {
      await jest.advanceTimersByTimeAsync(delays.at(-1)!);
      latest().drop(CloseCode.Abnormal);
    }
    const steps = [100, 200, 400, 800, 800, 800];
    delays.forEach((delay, i) => {
      expect(delay).toBeGreaterThanOrEqual(steps[i]! / 2);
      expect(delay).toBeLessThanOrEqual(steps[i]!);
    });
    await jest.advanceTimersByTimeAsync(delays.at(-1)!);
    latest().accept();
    latest().drop(CloseCode.Abnormal);
    expect(delays.at(-1)).toBeLessThanOrEqual(100);
  });

  it('never reconnects at once after 1008 or 1009: it waits at least a fourth backoff step', async () => {
    for (const code of [CloseCode.PolicyViolation, CloseCode.TooBig]) {
      const client = await ready({ reconnect: { initialDelayMs: 100, maxDelayMs: 10_000 } });
      const events: StatusEvent[] = [];
      client.onStatus((e) => events.push(e));
      latest().drop(code, 'policy violation');
      expect(events.at(-1)).toMatchObject({ status: 'reconnecting', error: { code, policy: 'later' } });
      expect(events.at(-1)!.delayMs).toBeGreaterThanOrEqual(400);
      client.close();
    }
  });

  it("after the gate's login deadline (4408) backs off and comes back, saying why", async () => {
    const client = await ready({ reconnect: { initialDelayMs: 100 } });
    const events: StatusEvent[] = [];
    client.onStatus((e) => events.push(e));
    latest().drop(CloseCode.LoginTimeout, 'login timeout: not authorized within 60000 ms');
    expect(events.at(-1)).toMatchObject({
      status: 'reconnecting',
      error: {
        name: 'ConnectionClosedError',
        code: 4408,
        reason: 'login timeout: not authorized within 60000 ms',
        policy: 'backoff',
      },
    });
    client.close();
  });

  it('treats a close code it does not know as a reason to back off, and says which code it was', async () => {
    const client = await ready({ reconnect: { initialDelayMs: 100 } });
    const events: StatusEvent[] = [];
    client.onStatus((e) => events.push(e));
    latest().drop(4321, 'login deadline');
    expect(events.at(-1)).toMatchObject({
      status: 'reconnecting',
      error: { name: 'ConnectionClosedError', code: 4321, reason: 'login deadline', policy: 'backoff' },
    });
  });

  it('stays closed with reconnect: false, failing waiting calls too', async () => {
    const client = await ready({ reconnect: false });
    latest().drop(CloseCode.Abnormal);
    expect(client.status).toBe('closed');
    await expect(client.call('echo')).rejects.toMatchObject({
      name: 'ConnectionClosedError',
      code: CloseCode.Normal,
    });
    await jest.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.made).toHaveLength(1);
  });
});

describe('connect and close', () => {
  it('rejects connect() when the first connection fails', async () => {
    const pending = connect('ws://gate.test', options());
    latest().drop(CloseCode.Abnormal);
    await expect(pending).rejects.toMatchObject({ name: 'ConnectionClosedError', code: 1006 });
    await jest.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.made).toHaveLength(1);
  });

  it('rejects connect() after callTimeoutMs when the login never finishes', async () => {
    const pending = connect(
      'ws://gate.test',
      options({ callTimeoutMs: 500, login: { user: 'alice', signer: async () => 'x' } }),
    );
    latest().accept();
    const failed = expect(pending).rejects.toBeInstanceOf(TimeoutError);
    await jest.advanceTimersByTimeAsync(500);
    await failed;
    expect(latest().closedWith).toBe(CloseCode.Normal);
  });

  it('close() fails what is in flight at once and never reconnects', async () => {
    const client = await ready();
    const inFlight = client.call('slow');
    client.close();
    await expect(inFlight).rejects.toMatchObject({
      name: 'ConnectionClosedError',
      code: 1000,
      reason: 'client closed',
    });
    expect(client.status).toBe('closed');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.made).toHaveLength(1);
  });

  it('says what to do when there is no WebSocket class', async () => {
    const saved = globalThis.WebSocket;
    Object.defineProperty(globalThis, 'WebSocket', { value: undefined, configurable: true, writable: true });
    try {
      await expect(connect('ws://gate.test')).rejects.toThrow(/options\.WebSocket/);
    } finally {
      Object.defineProperty(globalThis, 'WebSocket', { value: saved, configurable: true, writable: true });
    }
  });
});
