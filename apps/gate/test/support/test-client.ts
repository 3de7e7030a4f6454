import { WebSocket } from 'ws';

export interface Closed {
  code: number;
  reason: string;
}

/** A real `ws` client that keeps every message it receives, for assertions in order. */
export class TestClient {
  readonly messages: unknown[] = [];
  readonly closed: Promise<Closed>;
  private waiters: (() => void)[] = [];
  private nextId = 1;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)));
      this.waiters.splice(0).forEach((w) => w());
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  /** `localAddress` (e.g. 127.0.0.2) makes the client another address than the suite's others. */
  static connect(
    url: string,
    headers: Record<string, string> = {},
    localAddress?: string,
  ): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, {
        headers,
        perMessageDeflate: false,
        ...(localAddress ? { localAddress } : {}),
      });
      const client = new TestClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  send(raw: string): void {
    this.socket.send(raw);
  }

  /** Removes and returns the first message matching `match`, waiting for it if needed. */
  async take(
    match: (m: Record<string, unknown>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.messages.findIndex(
        (m) => typeof m === 'object' && m !== null && match(m as Record<string, unknown>),
      );
      if (index >= 0) return this.messages.splice(index, 1)[0] as Record<string, unknown>;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no matching message in ${timeoutMs} ms; have ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Any raw reply (object or batch array), first in order. */
  async reply(timeoutMs = 5000): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length === 0) {
      if (Date.now() > deadline) throw new Error('no reply');
      await new Promise((r) => setTimeout(r, 5));
    }
    return this.messages.shift();
  }

  async call(
    method: string,
    params?: unknown,
    id: string | number = this.nextId++,
  ): Promise<Record<string, unknown>> {
    this.send(
      JSON.stringify(
        params === undefined ? { jsonrpc: '2.0', method, id } : { jsonrpc: '2.0', method, params, id },
      ),
    );
    return this.take((m) => m['id'] === id && !('method' in m));
  }

  notification(method: string, timeoutMs?: number): Promise<Record<string, unknown>> {
    return this.take((m) => m['method'] === method && !('id' in m), timeoutMs);
  }

  close(): Promise<Closed> {
    this.socket.close(1000);
    return this.closed;
  }
}
