import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { specMethod } from './spec-examples';

export interface FacadeCall {
  method: string;
  params: Record<string, unknown>;
  id?: unknown;
  authorization?: string;
}

/**
 * A small real HTTP JSON-RPC facade for the suites, until apps/facade runs as a process: section 7's
 * example methods on the envelope's params, `echo`, `whoami`, `slow`, `hold` (answers once the test
 * calls `release()`), `http-status` (answers a JSON-RPC error with the HTTP status in its params),
 * and a record of every call (notifications such as `offline` included). Answers batches like a
 * spec server.
 */
export class TestFacade {
  readonly calls: FacadeCall[] = [];
  batches = 0;
  /** Every batch received, as its calls (method, params, id). */
  readonly batchLog: FacadeCall[][] = [];
  acceptBatches = true;
  private server: Server | undefined;
  private held: (() => void)[] = [];

  /** Listens on `port` (0: any); start again after `stop()` with the same port to come back. */
  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      void read(req).then((body) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end('{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}');
          return;
        }
        if (Array.isArray(parsed)) {
          this.batches++;
          this.batchLog.push(parsed as FacadeCall[]);
        }
        if (Array.isArray(parsed) && !this.acceptBatches) {
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end('{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request"}}');
          return;
        }
        const status =
          (parsed as FacadeCall).method === 'http-status'
            ? Number(((parsed as FacadeCall).params?.['params'] as { status?: number } | undefined)?.status)
            : 0;
        if (status > 0) {
          this.calls.push(parsed as FacadeCall);
          const body = {
            jsonrpc: '2.0',
            id: (parsed as FacadeCall).id ?? null,
            error: { code: -32000, message: 'unavailable' },
          };
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
          return;
        }
        const items = Array.isArray(parsed) ? parsed : [parsed];
        void Promise.all(
          items.map((item) => this.answer(item as FacadeCall, req.headers.authorization)),
        ).then((answers) => {
          const out = answers.filter((a) => a !== undefined);
          if (out.length === 0) res.writeHead(204).end();
          else
            res
              .writeHead(200, { 'content-type': 'application/json' })
              .end(JSON.stringify(Array.isArray(parsed) ? out : out[0]));
        });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/rpc`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** Answers every `hold` call received so far. */
  release(): void {
    for (const go of this.held.splice(0)) go();
  }

  callsOf(method: string): FacadeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  private async answer(call: FacadeCall, authorization: string | undefined): Promise<unknown> {
    this.calls.push({ ...call, ...(authorization ? { authorization } : {}) });
    const params = call.params?.['params'];
    let out: { result: unknown } | { error: unknown };
    switch (call.method) {
      case 'echo':
        out = { result: params ?? null };
        break;
      case 'whoami':
        out = { result: call.params['auth'] };
        break;
      case 'envelope':
        out = { result: call.params };
        break;
      case 'slow':
        await new Promise((r) => setTimeout(r, Number((params as { ms?: number } | undefined)?.ms ?? 500)));
        out = { result: 'slow' };
        break;
      case 'hold':
        await new Promise<void>((resolve) => this.held.push(resolve));
        out = { result: 'held' };
        break;
      case 'fail':
        out = { error: { code: 4242, message: 'facade says no', data: { why: 'test' } } };
        break;
      case 'garbage':
        return call.id === undefined ? undefined : { jsonrpc: '2.0', id: 'not-this-one', nonsense: true };
      case 'offline':
        out = { result: null };
        break;
      default:
        out = specMethod(call.method, params);
    }
    if (call.id === undefined) return undefined;
    return { jsonrpc: '2.0', id: call.id, ...out };
  }
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
