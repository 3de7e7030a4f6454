import WebSocket from 'ws';

/** What became of one call: its result, its error code, or no answer before the deadline / the close. */
export type Outcome =
  | { ok: true; result: unknown; ms: number }
  | { ok: false; code: number | 'no answer' | 'closed'; ms: number; message?: string };

/**
 * A bare JSON-RPC client over `ws` (none of our libraries): raw frames in, every answer matched to
 * its id, every close recorded, so a scenario sees exactly what the gate sends.
 */
export class RpcSocket {
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Frames that were not JSON or not a JSON-RPC message (there must be none). */
  readonly malformed: string[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  private readonly waiting = new Map<string, (outcome: Outcome) => void>();
  private nextId = 1;

  private constructor(private readonly socket: WebSocket) {
    this.closed = new Promise((resolve) =>
      socket.once('close', (code, reason) => {
        for (const settle of this.waiting.values()) settle({ ok: false, code: 'closed', ms: 0 });
        resolve({ code, reason: reason.toString() });
      }),
    );
    socket.on('message', (data: Buffer, binary: boolean) =>
      this.received(binary ? '<binary>' : data.toString()),
    );
  }

  static open(url: string): Promise<RpcSocket> {
    const socket = new WebSocket(url, { maxPayload: 256 * 1024 * 1024 });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new RpcSocket(socket)));
      socket.once('error', reject);
    });
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Sends one call and resolves with its outcome; `deadlineMs` bounds how long an answer may take. */
  call(method: string, params: unknown, deadlineMs: number): Promise<Outcome> {
    const id = `c${this.nextId++}`;
    const started = Date.now();
    // Closing or closed: nothing can answer, and the close event that settles waiting calls may be past.
    if (!this.isOpen) return Promise.resolve({ ok: false, code: 'closed', ms: 0 });
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => settle({ ok: false, code: 'no answer', ms: Date.now() - started }),
        deadlineMs,
      );
      const settle = (outcome: Outcome): void => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(outcome.ms === 0 ? { ...outcome, ms: Date.now() - started } : outcome);
      };
      this.waiting.set(id, settle);
      this.send(JSON.stringify({ jsonrpc: '2.0', method, params, id }));
    });
  }

  /** Sends a frame as it is, as a text frame unless `binary` (bytes in a text frame need not be UTF-8). */
  send(frame: string | Buffer, binary = false): void {
    if (this.isOpen) this.socket.send(frame, { binary });
  }

  /** Answers to frames sent with `send` (not `call`), in arrival order. */
  readonly others: unknown[] = [];

  close(): void {
    this.socket.close();
  }

  terminate(): void {
    this.socket.terminate();
  }

  private received(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.malformed.push(text.slice(0, 200));
      return;
    }
    for (const item of Array.isArray(message) ? message : [message]) this.one(item, text);
  }

  private one(item: unknown, text: string): void {
    if (typeof item !== 'object' || item === null || (item as { jsonrpc?: unknown }).jsonrpc !== '2.0') {
      this.malformed.push(text.slice(0, 200));
      return;
    }
    const answer = item as {
      id?: unknown;
      method?: string;
      params?: unknown;
      result?: unknown;
      error?: { code?: unknown; message?: unknown; data?: unknown };
    };
    if (answer.method !== undefined && answer.id === undefined) {
      this.notifications.push({ method: answer.method, params: answer.params });
      return;
    }
    if (!('result' in answer) && typeof answer.error?.code !== 'number') {
      this.malformed.push(text.slice(0, 200));
      return;
    }
    const settle = typeof answer.id === 'string' ? this.waiting.get(answer.id) : undefined;
    if (!settle) {
      this.others.push(answer);
      return;
    }
    settle(
      'result' in answer
        ? { ok: true, result: answer.result, ms: 0 }
        : {
            ok: false,
            code: answer.error?.code as number,
            ms: 0,
            message: `${String(answer.error?.message)} ${JSON.stringify(answer.error?.data ?? null)}`,
          },
    );
  }
}
