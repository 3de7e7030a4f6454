import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GATE_LINK_SUBPROTOCOL } from '@gatehouse/protocol';
import { type WebSocket, WebSocketServer } from 'ws';

export interface GateLinkOptions {
  /** Path of the JSON-RPC endpoint the link shares (default `/`). */
  path?: string;
  /** Throws (or returns false) to refuse the upgrade: the gate's pair token, as on `POST`. */
  authenticate(request: IncomingMessage): boolean;
  /** One JSON-RPC message (never an array) in, its answer out; undefined for a notification. */
  handle(message: unknown): Promise<unknown>;
  /** How often an open link's credentials are checked again (default 30 s). */
  recheckMs?: number;
  /** Largest frame the gate may send (default 1 MiB). */
  maxPayload?: number;
}

/** Close codes of the link, beside the standard ones. */
export const LINK_CLOSE_UNAUTHORIZED = 4401;

/**
 * The gate's persistent link on a facade's own HTTP server: a WebSocket upgrade on the JSON-RPC
 * path with subprotocol `GATE_LINK_SUBPROTOCOL`, authenticated at the upgrade (and again every
 * `recheckMs`, so a pair token withdrawn by discovery ends the link as it would end HTTP calls).
 *
 * Every message of a frame is dispatched on its own and answered as soon as it is done: a slow
 * call never holds a fast one (no batch semantics on the link). Answers finished in the same turn
 * of the event loop leave as one frame (an array when several): under load one frame and one
 * syscall carry many answers, which is what makes the link cheaper than an HTTP request per call.
 */
export function attachGateLink(server: Server, options: GateLinkOptions): { close(): void } {
  const path = options.path ?? '/';
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    clientTracking: true,
    maxPayload: options.maxPayload ?? 1024 * 1024,
    handleProtocols: (protocols) => (protocols.has(GATE_LINK_SUBPROTOCOL) ? GATE_LINK_SUBPROTOCOL : false),
  });
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (new URL(request.url ?? '/', 'http://link').pathname !== path) return;
    const offered = String(request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    if (!offered.includes(GATE_LINK_SUBPROTOCOL)) return refuse(socket, 400, 'Bad Request');
    if (!allowed(options, request)) return refuse(socket, 401, 'Unauthorized');
    wss.handleUpgrade(request, socket, head, (ws) => serve(ws, request, options));
  };
  server.on('upgrade', onUpgrade);
  return {
    close: () => {
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.close(1001, 'facade shutting down');
      wss.close();
    },
  };
}

function allowed(options: GateLinkOptions, request: IncomingMessage): boolean {
  try {
    return options.authenticate(request);
  } catch {
    return false;
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function serve(ws: WebSocket, request: IncomingMessage, options: GateLinkOptions): void {
  let answers: string[] = [];
  const flush = (): void => {
    const frame = answers.length === 1 ? answers[0]! : `[${answers.join(',')}]`;
    answers = [];
    ws.send(frame);
  };
  const answer = (value: unknown): void => {
    if (value === undefined || ws.readyState !== ws.OPEN) return;
    if (answers.push(JSON.stringify(value)) === 1) setImmediate(flush);
  };
  const run = (message: unknown): void => {
    // A nested array is not a message; the dispatcher would read it as an HTTP batch.
    const work = Array.isArray(message) ? options.handle({}) : options.handle(message);
    work.then(answer, () => undefined);
  };
  ws.on('message', (data) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(data));
    } catch {
      answer({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
      return;
    }
    if (Array.isArray(parsed)) parsed.forEach(run);
    else run(parsed);
  });
  // Fresh request-shaped objects: a guard remembers the caller it approved on the request itself.
  const recheck = setInterval(() => {
    if (!allowed(options, { headers: request.headers, socket: request.socket } as IncomingMessage)) {
      ws.close(LINK_CLOSE_UNAUTHORIZED, 'credentials no longer valid');
    }
  }, options.recheckMs ?? 30_000).unref();
  ws.on('close', () => clearInterval(recheck));
}
