import { JsonRpcErrorCode } from '@gatehouse/protocol';
import type { Logger } from 'pino';
import { Pool } from 'undici';
import { type FacadeAnswer, FacadeError, readAnswer } from './facade-answer';

export interface FacadeTarget {
  url: string;
  /** Bearer token: the discovery pair token, or a static one in direct mode. */
  token: string | undefined;
}

export interface FacadeClientOptions {
  timeoutMs: number;
  /** Keep-alive connections to the facade: the most requests on the wire without batching. */
  connections: number;
  /** Adaptive batching of the calls waiting for a free request slot (see `FacadeClient`). */
  batch: boolean;
  /** With batching, the most requests on the wire (capped by `connections`). */
  batchConcurrency: number;
  maxBatch: number;
  /** Calls waiting for a request slot; when full a call fails at once (1104) instead of queueing. */
  maxBacklog: number;
}

interface Pending {
  readonly id: number | undefined;
  readonly method: string;
  /** The request object, serialized once when queued (batches are joined from these). */
  readonly text: string;
  /** Who the call is for (the client's channel): two calls of one key never share a batch. */
  readonly key: string | undefined;
  resolve(answer: FacadeAnswer | undefined): void;
  reject(error: FacadeError): void;
}

/** How far down the backlog a batch looks for calls of other clients. */
const BATCH_SCAN_FACTOR = 4;
/**
 * A batch stops growing at this many characters (<= 192 KiB of UTF-8; a bigger call still goes
 * alone): a facade's body limit (apps/facade: 256 KiB) must not turn a batch into a 413 / -32600,
 * which would read as "this facade refuses batches" and switch batching off.
 */
const MAX_BATCH_CHARS = 64 * 1024;

/**
 * HTTP JSON-RPC to the facade over a keep-alive pool; the gate numbers the calls itself (clients'
 * ids collide) and the caller restores each client's id.
 *
 * **Adaptive batching** (`GATE_FACADE_BATCH`, on by default). At most `batchConcurrency` requests
 * (4) are on the wire. While a slot is free, a call goes out alone at once: an unloaded gate adds
 * no latency and batches nothing. Only when every slot is busy do calls wait, in a backlog, and
 * each time a request finishes the backlog goes out as one batch on the freed slot. Those calls
 * would have queued for a connection anyway; batching turns N HTTP round trips into one, and the
 * per-request cost (undici, the facade's HTTP stack, syscalls) is most of a forwarded call: the
 * bench went from ~20% to >= 50% of a bare ws echo.
 *
 * The trade-off: a batch is answered when its slowest member is, so under saturation a call can
 * wait for a slower call that shares its batch. Two rules bound that: a batch holds at most one
 * call per client channel, so a client's own concurrent calls are still answered as each finishes
 * (a slow call never holds its sender's fast one), and one method only, so a fast method never
 * waits for a slow one. A facade answering a batch with -32600 is called one request at a time
 * from then on. `GATE_FACADE_BATCH=false`: every call alone, up to `connections` on the wire.
 */
export class FacadeClient {
  private readonly pools = new Map<string, Pool>();
  private readonly targets = new Map<string, { origin: string; path: string }>();
  private backlog: Pending[] = [];
  private onWire = 0;
  private cachedHeaders: { token: string | undefined; headers: Record<string, string> } | undefined;
  private nextId = 0;
  private batching: boolean;
  private readonly active = new Set<Promise<void>>();

  constructor(
    private readonly options: FacadeClientOptions,
    private readonly target: () => FacadeTarget,
    private readonly logger: Logger,
  ) {
    this.batching = options.batch;
  }

  /** `key` is the caller's channel: calls of one channel never share a batch. */
  call(method: string, params: unknown, key?: string): Promise<FacadeAnswer> {
    const id = ++this.nextId;
    // A call's Pending is resolved only with an answer (`match` rejects when none came back).
    return new Promise<FacadeAnswer>((resolve, reject) =>
      this.enqueue({
        id,
        method,
        text: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
        key,
        resolve: resolve as Pending['resolve'],
        reject,
      }),
    );
  }

  /**
   * No answer to wait for, but the promise settles once the facade has taken the notification (or
   * it failed, which is logged): the sender's in-flight count holds it until then.
   */
  notify(method: string, params: unknown, key?: string): Promise<void> {
    return new Promise<void>((resolve) => {
      const fail = (error: FacadeError): void => {
        this.logger.warn({ method, reason: error.reason }, 'facade notification failed');
        resolve();
      };
      this.enqueue({
        id: undefined,
        method,
        text: JSON.stringify({ jsonrpc: '2.0', method, params }),
        key,
        resolve: () => resolve(),
        reject: fail,
      });
    });
  }

  /** Waits (bounded) until the backlog is sent and every request on the wire has finished. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.backlog.length > 0 || this.active.size > 0) && Date.now() < deadline) {
      const timer = new Promise((resolve) =>
        setTimeout(resolve, Math.max(1, Math.min(50, deadline - Date.now()))).unref(),
      );
      await Promise.race([Promise.allSettled([...this.active]), timer]);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    this.pools.clear();
  }

  /** Requests allowed on the wire at once. */
  private get slots(): number {
    return this.batching
      ? Math.min(this.options.batchConcurrency, this.options.connections)
      : this.options.connections;
  }

  private enqueue(pending: Pending): void {
    if (this.onWire < this.slots && this.backlog.length === 0) return this.dispatch([pending]);
    // A slow or dead facade must not grow the gate's memory without end: past the bound, fail now.
    if (this.backlog.length >= this.options.maxBacklog) {
      return pending.reject(new FacadeError(JsonRpcErrorCode.FacadeUnavailable, 'facade backlog full'));
    }
    this.backlog.push(pending);
  }

  private dispatch(chunk: Pending[]): void {
    this.onWire++;
    this.track(
      this.send(chunk).finally(() => {
        this.onWire--;
        this.pump();
      }),
    );
  }

  /** Fills free connections from the backlog: one batch per connection, or one call without batching. */
  private pump(): void {
    while (this.backlog.length > 0 && this.onWire < this.slots) {
      this.dispatch(this.batching ? this.takeBatch() : this.backlog.splice(0, 1));
    }
  }

  /**
   * The oldest waiting call and, after it, calls of the same method from other channels, up to
   * `maxBatch`; calls passed over keep their place in the backlog.
   */
  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    const skipped: Pending[] = [];
    const keys = new Set<string>();
    const method = this.backlog[0]!.method;
    const scan = Math.min(this.backlog.length, this.options.maxBatch * BATCH_SCAN_FACTOR);
    let chars = 0;
    let i = 0;
    for (; i < scan && batch.length < this.options.maxBatch; i++) {
      const p = this.backlog[i]!;
      if (
        p.method !== method ||
        (p.key !== undefined && keys.has(p.key)) ||
        (batch.length > 0 && chars + p.text.length > MAX_BATCH_CHARS)
      ) {
        skipped.push(p);
        continue;
      }
      chars += p.text.length + 1;
      if (p.key !== undefined) keys.add(p.key);
      batch.push(p);
    }
    this.backlog.splice(0, i, ...skipped);
    return batch;
  }

  private track(work: Promise<void>): void {
    this.active.add(work);
    void work.finally(() => this.active.delete(work));
  }

  private async send(chunk: Pending[]): Promise<void> {
    const payload = chunk.length === 1 ? chunk[0]!.text : `[${chunk.map((p) => p.text).join(',')}]`;
    let response: { status: number; text: string };
    try {
      const { url, token } = this.target();
      const target = this.parsed(url);
      response = await this.post(target.origin, target.path, this.headers(token), payload);
    } catch (error) {
      this.logger.warn({ err: error }, 'facade unreachable');
      return rejectAll(
        chunk,
        new FacadeError(JsonRpcErrorCode.FacadeUnavailable, 'facade unreachable or timed out'),
      );
    }
    this.settle(chunk, response.status, response.text);
  }

  /**
   * One POST through undici's `dispatch` with a handler that only collects the body: `request()`
   * builds a Readable stream, a body mixin and several promises per request, which showed in the
   * profile of a forwarded call.
   */
  private post(
    origin: string,
    path: string,
    headers: Record<string, string>,
    body: string,
  ): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      let status = 0;
      const chunks: Buffer[] = [];
      this.pool(origin).dispatch(
        {
          method: 'POST',
          path,
          headers,
          body,
          headersTimeout: this.options.timeoutMs,
          bodyTimeout: this.options.timeoutMs,
        },
        {
          // undici recognises the v7 handler interface by onRequestStart.
          onRequestStart: () => undefined,
          onResponseStart: (_controller, statusCode) => {
            status = statusCode;
          },
          onResponseData: (_controller, chunk) => {
            chunks.push(chunk);
          },
          onResponseEnd: () => {
            resolve({
              status,
              text:
                chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'),
            });
          },
          onResponseError: (_controller, error) => reject(error),
        },
      );
    });
  }

  private headers(token: string | undefined): Record<string, string> {
    if (this.cachedHeaders !== undefined && this.cachedHeaders.token === token)
      return this.cachedHeaders.headers;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers['authorization'] = `Bearer ${token}`;
    this.cachedHeaders = { token, headers };
    return headers;
  }

  /**
   * Only a 2xx carries verdicts. Any other status (a proxy's 502 page, a dying facade's 503 problem
   * JSON, a 401 for a stale token) says the call was not passed on: 1104, whatever the body, so a
   * client never mistakes it for the facade's answer or for garbage (1107). The one exception is a
   * batch refused with -32600, which switches batching off (`batchRefused`).
   */
  private settle(chunk: Pending[], status: number, text: string): void {
    const ok = status >= 200 && status < 300;
    const calls = chunk.filter((p) => p.id !== undefined);
    if (calls.length === 0) {
      if (!ok)
        rejectAll(
          chunk,
          new FacadeError(JsonRpcErrorCode.FacadeUnavailable, `facade answered HTTP ${status}`),
        );
      else chunk.forEach((p) => p.resolve(undefined));
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      const code = ok ? JsonRpcErrorCode.AnswerInternalError : JsonRpcErrorCode.FacadeUnavailable;
      return rejectAll(chunk, new FacadeError(code, `facade answered HTTP ${status} without JSON-RPC`));
    }
    if (chunk.length > 1 && !Array.isArray(parsed)) return this.batchRefused(chunk, parsed, status);
    if (!ok)
      return rejectAll(
        chunk,
        new FacadeError(JsonRpcErrorCode.FacadeUnavailable, `facade answered HTTP ${status}`),
      );
    this.match(chunk, calls, Array.isArray(parsed) ? parsed : [parsed]);
  }

  private match(chunk: Pending[], calls: Pending[], answers: unknown[]): void {
    const byId = new Map<unknown, FacadeAnswer>();
    let orphan: FacadeAnswer | undefined;
    for (const value of answers) {
      const read = readAnswer(value);
      if (!read) continue;
      if (read.id === null) orphan = read.answer;
      else byId.set(read.id, read.answer);
    }
    for (const p of chunk) {
      if (p.id === undefined) {
        p.resolve(undefined);
        continue;
      }
      // A lone call answered with id null (the facade could not read it) still gets that error.
      const answer = byId.get(p.id) ?? (calls.length === 1 ? orphan : undefined);
      if (answer) p.resolve(answer);
      else
        p.reject(new FacadeError(JsonRpcErrorCode.AnswerInternalError, 'facade answer missing or malformed'));
    }
  }

  /** An object where an array was due: a facade without batch support. Nothing ran; resend singly. */
  private batchRefused(chunk: Pending[], parsed: unknown, status: number): void {
    const read = readAnswer(parsed);
    if (read && 'error' in read.answer && read.answer.error.code === JsonRpcErrorCode.InvalidRequest) {
      if (this.batching)
        this.logger.warn('facade refuses JSON-RPC batches; calling it one request at a time');
      this.batching = false;
      this.backlog.unshift(...chunk);
      this.pump();
      return;
    }
    if (status < 200 || status >= 300)
      return rejectAll(
        chunk,
        new FacadeError(JsonRpcErrorCode.FacadeUnavailable, `facade answered HTTP ${status}`),
      );
    rejectAll(
      chunk,
      new FacadeError(JsonRpcErrorCode.AnswerInternalError, 'facade answered a batch with a single object'),
    );
  }

  private parsed(url: string): { origin: string; path: string } {
    let target = this.targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
      this.targets.set(url, target);
    }
    return target;
  }

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: this.options.connections,
        pipelining: 1,
        connectTimeout: this.options.timeoutMs,
        keepAliveTimeout: 30_000,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }
}

function rejectAll(chunk: Pending[], error: FacadeError): void {
  for (const p of chunk) p.reject(error);
}
