import { JsonRpcErrorCode } from '@gatehouse/protocol';
import type { Logger } from 'pino';
import { rejectAll, settleHttpAnswer } from './answer-matching';
import { BatchScheduler } from './batch-scheduler';
import { type FacadeAnswer, FacadeError } from './facade-answer';
import { FacadeHttp } from './facade-http';
import { FacadeLink, type LinkEnd } from './facade-link';
import type { PendingCall } from './pending-call';

export interface FacadeTarget {
  url: string;
  /** Bearer token: the discovery pair token, or a static one in direct mode. */
  token: string | undefined;
}

export interface FacadeClientOptions {
  timeoutMs: number;
  /** Keep-alive connections to the facade: the most requests on the wire without batching. */
  connections: number;
  /** Adaptive batching of the calls waiting for a free request slot (`BatchScheduler`). */
  batch: boolean;
  /** With batching, the most requests on the wire (capped by `connections`), and the link's window. */
  batchConcurrency: number;
  maxBatch: number;
  /** Calls waiting for a request slot; when full a call fails at once (1104) instead of queueing. */
  maxBacklog: number;
  /** Use the facade's persistent WebSocket link when it offers one (`FacadeLink`). */
  link: boolean;
}

/** After a facade answered the link's upgrade with plain HTTP, how long until it is offered again. */
const LINK_NOT_OFFERED_RETRY_MS = 30_000;
/** After a link was lost (or could not connect), how long calls go over HTTP before a new attempt. */
const LINK_LOST_RETRY_MS = 1_000;

/**
 * A batch stops growing at this many characters (<= 192 KiB of UTF-8; a bigger call still goes
 * alone): a facade's body limit (apps/facade: 256 KiB) must not turn a batch into a 413 / -32600,
 * which would read as "this facade refuses batches" and switch batching off.
 */
const MAX_BATCH_CHARS = 64 * 1024;

/**
 * JSON-RPC to the facade: over its persistent link when it offers one (`FacadeLink`), else over
 * HTTP with adaptive batching (`BatchScheduler`, `GATE_FACADE_BATCH`; `settleHttpAnswer` matches
 * the answers). The gate numbers the calls itself (clients' ids collide) and the caller restores
 * each client's id. A facade answering a batch with -32600 is called one request at a time from
 * then on; `GATE_FACADE_BATCH=false`: every call alone, up to `connections` on the wire.
 */
export class FacadeClient {
  private readonly http: FacadeHttp;
  private readonly scheduler: BatchScheduler<PendingCall>;
  private nextId = 0;
  private link: FacadeLink | undefined;
  private linkRetryAt = 0;
  private closed = false;

  constructor(
    private readonly options: FacadeClientOptions,
    private readonly target: () => FacadeTarget,
    private readonly logger: Logger,
  ) {
    this.http = new FacadeHttp({ timeoutMs: options.timeoutMs, connections: options.connections });
    this.scheduler = new BatchScheduler(
      {
        slots: options.batch ? Math.min(options.batchConcurrency, options.connections) : options.connections,
        batching: options.batch,
        maxBatch: options.maxBatch,
        maxBatchChars: MAX_BATCH_CHARS,
        maxBacklog: options.maxBacklog,
      },
      (chunk) => this.send(chunk),
    );
  }

  /** `key` is the caller's channel: calls of one channel never share a batch. */
  call(method: string, params: unknown, key?: string): Promise<FacadeAnswer> {
    const id = ++this.nextId;
    // A call's PendingCall is resolved only with an answer (the matching rejects when none came back).
    return new Promise<FacadeAnswer>((resolve, reject) =>
      this.enqueue({
        id,
        method,
        text: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
        key,
        resolve: resolve as PendingCall['resolve'],
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

  /** Waits (bounded) until the backlog is sent and every call on the wire is answered. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.scheduler.busy || this.link?.busy) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(10, deadline - Date.now()))));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.link?.close();
    await this.http.close();
  }

  private enqueue(pending: PendingCall): void {
    const link = this.options.link && !this.closed ? this.openLink() : undefined;
    if (link) return link.send(pending);
    // A slow or dead facade must not grow the gate's memory without end: past the bound, fail now.
    if (!this.scheduler.submit(pending))
      pending.reject(new FacadeError(JsonRpcErrorCode.FacadeUnavailable, 'facade backlog full'));
  }

  /**
   * The link to the current target when it is open. Otherwise calls go over HTTP while a link is
   * (re)tried in the background: at once the first time, a second after one was lost, 30 s after
   * the facade answered the upgrade with plain HTTP. A new target (discovery moved the facade or
   * changed the pair token) gets a new link; the old one closes when its calls are answered.
   */
  private openLink(): FacadeLink | undefined {
    const { url, token } = this.target();
    const key = `${url} ${token ?? ''}`;
    if (this.link && this.link.key !== key) {
      this.link.retire();
      this.link = undefined;
    }
    if (!this.link && Date.now() >= this.linkRetryAt) {
      const { timeoutMs, maxBacklog, maxBatch, batch, batchConcurrency } = this.options;
      const options = {
        timeoutMs,
        maxInFlight: maxBacklog,
        maxBatch,
        maxFrameChars: MAX_BATCH_CHARS,
        window: batch ? batchConcurrency : 0,
      };
      this.link = new FacadeLink(key, url, token, options, this.logger, (link, why) =>
        this.linkEnded(link, why),
      );
    }
    return this.link?.open ? this.link : undefined;
  }

  private linkEnded(link: FacadeLink, why: LinkEnd): void {
    if (this.link !== link) return;
    this.link = undefined;
    if (why === 'not-offered') this.logger.info('the facade offers no link: calls go over HTTP');
    this.linkRetryAt = Date.now() + (why === 'not-offered' ? LINK_NOT_OFFERED_RETRY_MS : LINK_LOST_RETRY_MS);
  }

  /** One HTTP request for `chunk`; settles when every call of it is settled (or sent again singly). */
  private async send(chunk: PendingCall[]): Promise<void> {
    const payload = chunk.length === 1 ? chunk[0]!.text : `[${chunk.map((p) => p.text).join(',')}]`;
    let status: number;
    let text: string;
    try {
      const { url, token } = this.target();
      ({ status, text } = await this.http.post(url, token, payload));
    } catch (error) {
      this.logger.warn({ err: error }, 'facade unreachable');
      return rejectAll(
        chunk,
        new FacadeError(JsonRpcErrorCode.FacadeUnavailable, 'facade unreachable or timed out'),
      );
    }
    if (settleHttpAnswer(chunk, status, text) === 'batch-refused') {
      if (this.scheduler.batching)
        this.logger.warn('facade refuses JSON-RPC batches; calling it one request at a time');
      this.scheduler.unbatch(chunk);
    }
  }
}
