import { type BackoffOptions, backoffDelay } from './backoff';
import { closePolicy, CloseCode } from './codes';
import type { Signer } from './ed25519-signer';
import { ConnectionClosedError, GateClientError, TimeoutError } from './errors';
import { type CallOptions, openRequest, type Pending } from './pending-calls';
import { OPEN, type SocketConstructor, type SocketLike } from './socket';
import { refreshDelay } from './token-expiry';

export type TokenSource = () => string | Promise<string>;

/**
 * How the client logs in on every connection: an access token (`getToken` is asked again before
 * the token lapses, on `auth.expired` and after a reconnect), or the gate's challenge, which the
 * client answers on each `sign` the gate pushes with the app's `signer`.
 */
export type Login = { token: string } | { getToken: TokenSource } | { user: string; signer: Signer };

export interface ClientOptions {
  /** A WebSocket class where there is no global one (Node before 22: `ws`). */
  WebSocket?: SocketConstructor;
  /** Log in on every connection, before any call goes out. */
  login?: Login;
  /** Default timeout of a call, and of `connect()` (default 30000 ms). */
  callTimeoutMs?: number;
  /** Reconnect backoff, or `false` to stay closed when the socket drops. */
  reconnect?: false | BackoffOptions;
  /** Called after each reconnect, once logged in again: subscribe again here. */
  resubscribe?: (client: GateClient) => unknown;
  /** Fetch a fresh token this long before the current one lapses (default 60000 ms). */
  refreshAheadMs?: number;
}

/**
 * - `connecting`, `authorizing`: calls wait (within their timeout) until the session is ready.
 * - `ready`: calls go out; `unauthorized`: the login was refused, calls go out anonymous.
 * - `reconnecting`: the socket dropped (`error` says how), the next attempt is in `delayMs`.
 * - `closed`: for good (`close()`, a refused first connection, or `reconnect: false`).
 */
export type Status = 'connecting' | 'authorizing' | 'ready' | 'unauthorized' | 'reconnecting' | 'closed';
export interface StatusEvent {
  status: Status;
  error?: GateClientError;
  delayMs?: number;
}

/** Notifications the gate sends itself, beside those the app's `N` names. */
export interface GateNotifications {
  sign: { secret: string };
  'auth.expired': { user: string | null; reason: string };
}

type Params = Record<string, unknown> | unknown[];
type Message = { id?: unknown; method?: unknown; params?: unknown; result?: unknown; error?: unknown };

/**
 * A JSON-RPC 2.0 client of the gate over one WebSocket at a time. `N` maps notification methods to
 * their params, for typed `on()` listeners.
 */
export class GateClient<N extends object = Record<string, unknown>> {
  status: Status = 'connecting';
  private socket: SocketLike | undefined;
  private readonly calls = new Map<number, Pending>();
  private queue: { entries: Pending[]; batch: boolean }[] = [];
  private readonly listeners = new Map<string, Set<(params: never) => void>>();
  private readonly statusListeners = new Set<(event: StatusEvent) => void>();
  private lastId = 0;
  private attempt = 0;
  private everReady = false;
  private stopped = false;
  private loggingIn = false;
  private secret: string | undefined;
  private login: Login | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly Socket: SocketConstructor;
  private readonly timeoutMs: number;
  /** @internal settles `connect()` */
  first: { resolve(): void; reject(error: GateClientError): void } = { resolve() {}, reject() {} };

  constructor(
    readonly url: string,
    private readonly options: ClientOptions = {},
  ) {
    const Socket = options.WebSocket ?? (globalThis as { WebSocket?: SocketConstructor }).WebSocket;
    if (!Socket)
      throw new GateClientError('no WebSocket: pass one (options.WebSocket, e.g. from the ws package)');
    this.Socket = Socket;
    this.timeoutMs = options.callTimeoutMs ?? 30_000;
    this.login = options.login;
  }

  /** Calls `method`; resolves with its result, rejects with a `GateClientError`. */
  call<R = unknown>(method: string, params?: Params, options?: CallOptions): Promise<R> {
    return this.request([{ method, params }], options)[0] as Promise<R>;
  }

  /** Sends the calls as one JSON-RPC batch; each settles on its own, as `Promise.allSettled` does. */
  batch(
    calls: readonly { method: string; params?: Params }[],
    options?: CallOptions,
  ): Promise<PromiseSettledResult<unknown>[]> {
    return Promise.allSettled(this.request(calls, options, true));
  }

  /** Listens to a notification the gate pushes (`transfer`ed results, `sign`, `auth.expired`). */
  on<M extends keyof (N & GateNotifications) & string>(
    method: M,
    listener: (params: (N & GateNotifications)[M]) => void,
  ): () => void {
    const set = this.listeners.get(method) ?? new Set();
    this.listeners.set(method, set.add(listener as (params: never) => void));
    return () => set.delete(listener as (params: never) => void);
  }

  onStatus(listener: (event: StatusEvent) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Logs in on this connection now, and on every later one (see `Login`). */
  async authorize(login: Login): Promise<{ status: string }> {
    this.login = login;
    return this.logIn(this.socket, this.secret);
  }

  /** Closes for good: calls in flight and waiting reject with `ConnectionClosedError` 1000. */
  close(): void {
    this.stopped = true;
    const socket = this.socket;
    socket?.close(CloseCode.Normal, 'client closed');
    this.dropped(socket, CloseCode.Normal, 'client closed');
  }

  /** @internal opens the next socket */
  open(): void {
    let socket: SocketLike;
    this.secret = undefined;
    this.setStatus('connecting');
    try {
      socket = new this.Socket(this.url);
    } catch (error) {
      return this.dropped(undefined, CloseCode.Abnormal, String(error));
    }
    this.socket = socket;
    socket.onopen = () => this.opened(socket);
    socket.onmessage = (event: { data: unknown }) => this.receive(socket, event.data);
    socket.onclose = (event: { code: number; reason: string }) =>
      this.dropped(socket, event.code, event.reason);
    // A close event always follows; without a listener `ws` would throw the error instead.
    socket.onerror = () => undefined;
  }

  private opened(socket: SocketLike): void {
    if (!this.login) return this.ready();
    this.setStatus('authorizing');
    // A challenge login waits for the `sign` the gate pushes on connect.
    if (!('signer' in this.login)) void this.autoLogin(socket);
  }

  private async autoLogin(socket: SocketLike, secret?: string): Promise<void> {
    this.loggingIn = true;
    try {
      await this.logIn(socket, secret);
      if (socket === this.socket) this.ready();
    } catch (error) {
      if (socket !== this.socket || error instanceof ConnectionClosedError) return;
      const failure =
        error instanceof GateClientError ? error : new GateClientError(String(error), { cause: error });
      if (!this.everReady) {
        this.first.reject(failure);
        return this.close();
      }
      this.setStatus('unauthorized', failure);
      this.flush();
    } finally {
      this.loggingIn = false;
    }
  }

  private async logIn(
    socket: SocketLike | undefined,
    secret: string | undefined,
  ): Promise<{ status: string }> {
    const login = this.login;
    if (!socket || socket.readyState !== OPEN)
      throw new ConnectionClosedError(CloseCode.Abnormal, 'not connected');
    if (!login) throw new GateClientError('no login');
    clearTimeout(this.refreshTimer);
    if ('signer' in login) {
      this.secret = undefined;
      secret ??= (await this.internal<{ secret: string }>(socket, 'auth.generateSecret')).secret;
      return this.internal(socket, 'auth.authorize', {
        user: login.user,
        secret,
        sign: await login.signer(secret),
      });
    }
    const token = 'token' in login ? login.token : await login.getToken();
    const answer = await this.internal<{ status: string }>(socket, 'auth.authorize', { token });
    const delay =
      'getToken' in login ? refreshDelay(token, this.options.refreshAheadMs ?? 60_000) : undefined;
    if (delay !== undefined && socket === this.socket) {
      this.refreshTimer = setTimeout(() => {
        this.logIn(socket, undefined).catch((error: GateClientError) => this.setStatus(this.status, error));
      }, delay);
    }
    return answer;
  }

  /** A call of the client's own that goes out at once on `socket`, ahead of waiting calls. */
  private internal<R>(socket: SocketLike, method: string, params?: Params): Promise<R> {
    const { entries, promises } = openRequest(this.calls, [{ method, params }], () => ++this.lastId, {
      timeoutMs: this.timeoutMs,
    });
    this.transmit(socket, entries, false);
    return promises[0] as Promise<R>;
  }

  private request(
    calls: readonly { method: string; params?: Params }[],
    options: CallOptions = {},
    batch = false,
  ): Promise<unknown>[] {
    const { entries, promises } = openRequest(this.calls, calls, () => ++this.lastId, {
      timeoutMs: this.timeoutMs,
      ...options,
    });
    if (this.stopped)
      entries.forEach((entry) => entry.settle(new ConnectionClosedError(CloseCode.Normal, 'client closed')));
    else if (this.socket && (this.status === 'ready' || this.status === 'unauthorized'))
      this.transmit(this.socket, entries, batch);
    else this.queue.push({ entries, batch });
    return promises;
  }

  private transmit(socket: SocketLike, entries: Pending[], batch: boolean): void {
    const live = entries.filter((entry) => this.calls.get(entry.message.id) === entry);
    if (live.length === 0) return;
    live.forEach((entry) => (entry.sent = true));
    socket.send(JSON.stringify(batch ? live.map((entry) => entry.message) : live[0]!.message));
  }

  private ready(): void {
    const reconnected = this.everReady;
    this.everReady = true;
    this.attempt = 0;
    this.setStatus('ready');
    this.flush();
    this.first.resolve();
    if (reconnected && this.options.resubscribe) {
      Promise.resolve(this)
        .then(this.options.resubscribe as (client: GateClient<N>) => unknown)
        .catch((error: unknown) =>
          this.setStatus(
            this.status,
            error instanceof GateClientError
              ? error
              : new GateClientError('resubscribe failed', { cause: error }),
          ),
        );
    }
  }

  /** Sends the calls that waited for the session, in order, each batch as one. */
  private flush(): void {
    const waiting = this.queue;
    this.queue = [];
    for (const { entries, batch } of waiting) if (this.socket) this.transmit(this.socket, entries, batch);
  }

  private receive(socket: SocketLike, data: unknown): void {
    let parsed: Message | Message[];
    try {
      parsed = JSON.parse(String(data)) as Message | Message[];
    } catch {
      return;
    }
    for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
      if (typeof message !== 'object' || message === null) continue;
      if (typeof message.method === 'string' && message.id === undefined)
        this.notified(socket, message.method, message.params);
      else if (typeof message.id === 'number') this.calls.get(message.id)?.settle(answerOf(message));
    }
  }

  private notified(socket: SocketLike, method: string, params: unknown): void {
    const login = this.login;
    if (method === 'sign' && login && 'signer' in login) {
      const secret = (params as { secret?: unknown } | undefined)?.secret;
      if (typeof secret === 'string') this.secret = secret;
      if (this.status !== 'ready' && !this.loggingIn && typeof secret === 'string')
        void this.autoLogin(socket, secret);
    } else if (method === 'auth.expired' && login) {
      clearTimeout(this.refreshTimer);
      this.setStatus('authorizing');
      if (!('signer' in login)) void this.autoLogin(socket);
    }
    for (const listener of this.listeners.get(method) ?? []) {
      try {
        (listener as (params: unknown) => void)(params);
      } catch (error) {
        // A listener's bug is reported like an event listener's, not swallowed, and never stops the others.
        setTimeout(() => {
          throw error;
        });
      }
    }
  }

  private dropped(socket: SocketLike | undefined, code: number, reason: string): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    clearTimeout(this.refreshTimer);
    clearTimeout(this.timer);
    const error = new ConnectionClosedError(code, reason);
    for (const entry of [...this.calls.values()]) if (entry.sent) entry.settle(error);
    if (this.stopped || this.options.reconnect === false || !this.everReady) {
      this.stopped = true;
      for (const { entries } of this.queue.splice(0)) entries.forEach((entry) => entry.settle(error));
      this.setStatus('closed', error);
      return this.first.reject(error);
    }
    const policy = closePolicy(code);
    if (policy === 'soon') this.attempt = 0;
    if (policy === 'later') this.attempt = Math.max(this.attempt, 3);
    const delayMs = backoffDelay(this.attempt++, this.options.reconnect);
    this.setStatus('reconnecting', error, delayMs);
    this.timer = setTimeout(() => this.open(), delayMs);
  }

  private setStatus(status: Status, error?: GateClientError, delayMs?: number): void {
    this.status = status;
    for (const listener of this.statusListeners) listener({ status, error, delayMs });
  }
}

function answerOf(message: Message): {
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
} {
  const error = message.error as { code?: unknown; message?: unknown; data?: unknown } | undefined;
  if (error === undefined) return { result: message.result };
  return {
    error: {
      code: typeof error?.code === 'number' ? error.code : 0,
      message: typeof error?.message === 'string' ? error.message : 'error without a message',
      data: error?.data,
    },
  };
}

/**
 * Connects to the gate at `url` (ws: or wss:) and, with `options.login`, logs in. Resolves once
 * the first session is ready; rejects when the first connection or login fails, or takes longer
 * than `callTimeoutMs`. From then on the client reconnects and logs in again by itself.
 */
export function connect<N extends object = Record<string, unknown>>(
  url: string,
  options: ClientOptions = {},
): Promise<GateClient<N>> {
  return new Promise<GateClient<N>>((resolve, reject) => {
    const client = new GateClient<N>(url, options);
    const timer = setTimeout(() => {
      reject(new TimeoutError(`not connected within ${options.callTimeoutMs ?? 30_000} ms`));
      client.close();
    }, options.callTimeoutMs ?? 30_000);
    client.first = {
      resolve: () => {
        clearTimeout(timer);
        resolve(client);
      },
      reject: (error) => {
        clearTimeout(timer);
        reject(error);
      },
    };
    client.open();
  });
}
