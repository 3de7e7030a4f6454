/**
 * The pushes scenario of `bench:gate`: internal services call `transfer` on a connector and clients
 * receive the notification on their socket. Measured closed-loop: each pusher owns one client
 * channel and sends its next transfer once the previous one is answered and delivered, so every
 * delivery's latency (transfer sent -> notification read by the client) is its own.
 *
 * The peer is a bare `ws` server doing the same job with nothing else: the same JSON-RPC transfer
 * body over HTTP keep-alive, parsed, the same notification sent to the channel's socket, the same
 * answer. Against it the gate adds its connector (authentication, zod, metrics) and, for a channel
 * on another replica, the PostgreSQL lookup, NOTIFY and acknowledgement.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { WebSocket, WebSocketServer } from 'ws';

export interface PushResult {
  name: string;
  perSec: number;
  p50: number;
  p99: number;
  errors: number;
}

/** The bare peer (a child process): ws clients get their channel id on connect; `POST /` pushes to one. */
export function serveBarePush(): void {
  const channels = new Map<string, WebSocket>();
  const wss = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    perMessageDeflate: false,
    clientTracking: false,
  });
  wss.on('connection', (ws) => {
    const channelId = randomUUID();
    channels.set(channelId, ws);
    ws.on('close', () => channels.delete(channelId));
    ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'channel', params: { channelId } }));
  });
  const http = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      const call = JSON.parse(body) as {
        id: unknown;
        params: { channelId: string; method: string; result: unknown };
      };
      const ws = channels.get(call.params.channelId);
      ws?.send(
        JSON.stringify({
          jsonrpc: '2.0',
          method: call.params.method,
          params: { result: call.params.result },
        }),
      );
      const answer = ws
        ? { result: { status: 'OK' } }
        : { error: { code: 1105, message: 'client not found' } };
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ jsonrpc: '2.0', id: call.id, ...answer }));
    });
  });
  http.keepAliveTimeout = 60_000;
  wss.on('listening', () =>
    http.listen(0, '127.0.0.1', () =>
      process.send?.({ ws: (wss.address() as AddressInfo).port, http: (http.address() as AddressInfo).port }),
    ),
  );
}

/** A connected client and the id of its channel. */
export interface PushClient {
  ws: WebSocket;
  channelId: string;
}

/** Bare peer: the server names the channel in its first message. */
export function openBareClient(url: string): Promise<PushClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('error', reject);
    ws.once('message', (data) =>
      resolve({
        ws,
        channelId: (JSON.parse(String(data)) as { params: { channelId: string } }).params.channelId,
      }),
    );
  });
}

/** Gate: the bench's echo facade answers `channel` with the envelope's channel id. */
export function openGateClient(url: string): Promise<PushClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'channel', id: 1 })));
    const onMessage = (data: unknown): void => {
      const message = JSON.parse(String(data)) as { id?: number; result?: string };
      if (message.id !== 1) return;
      ws.off('message', onMessage);
      if (typeof message.result === 'string') resolve({ ws, channelId: message.result });
      else reject(new Error(`no channel id: ${String(data)}`));
    };
    ws.on('message', onMessage);
  });
}

/**
 * Closed loop over `clients` (one pusher each, one transfer outstanding each) against the connector
 * at `connectorUrl`: warm-up 1 s, then `seconds` measured.
 */
export async function pushLoad(
  name: string,
  connectorUrl: string,
  token: string | undefined,
  clients: PushClient[],
  seconds: number,
): Promise<PushResult> {
  const pool = new Pool(connectorUrl, {
    connections: clients.length,
    pipelining: 1,
    keepAliveTimeout: 60_000,
  });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers['authorization'] = `Bearer ${token}`;
  const latencies: number[] = [];
  let errors = 0;
  let delivered = 0;
  let measuring = false;
  let running = true;
  setTimeout(() => (measuring = true), 1000);
  const stop = new Promise<void>((resolve) =>
    setTimeout(
      () => {
        running = false;
        // A delivery that never comes must not hang the bench: stop waiting a little after the end.
        setTimeout(resolve, 3000);
      },
      1000 + seconds * 1000,
    ),
  );
  const pushers = Promise.all(
    clients.map(
      (client) =>
        new Promise<void>((done) => {
          let seq = 0;
          let sentAt = 0;
          let pending = 0; // the answer and the delivery of the current transfer
          const next = (): void => {
            if (--pending > 0) return;
            if (!running) return done();
            push();
          };
          const onMessage = (data: unknown): void => {
            const message = JSON.parse(String(data)) as {
              method?: string;
              params?: { result?: { seq?: number } };
            };
            if (message.method !== 'tick' || message.params?.result?.seq !== seq) return;
            if (measuring) {
              latencies.push(performance.now() - sentAt);
              delivered++;
            }
            next();
          };
          client.ws.on('message', onMessage);
          const push = (): void => {
            seq++;
            pending = 2;
            sentAt = performance.now();
            const body = JSON.stringify({
              jsonrpc: '2.0',
              id: seq,
              method: 'transfer',
              params: { channelId: client.channelId, method: 'tick', result: { seq, text: 'hello gate' } },
            });
            pool.request({ method: 'POST', path: '/', headers, body }).then(
              async (response) => {
                const answer = (await response.body.json()) as { result?: { status?: string } };
                if (answer.result?.status !== 'OK') {
                  if (measuring) errors++;
                  pending--; // no delivery is coming for a refused transfer
                }
                next();
              },
              () => {
                if (measuring) errors++;
                pending--;
                next();
              },
            );
          };
          push();
        }),
    ),
  );
  await Promise.race([pushers, stop]);
  clients.forEach((client) => client.ws.removeAllListeners('message'));
  await pool.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.floor(latencies.length * p)] ?? 0;
  return { name, perSec: delivered / seconds, p50: pct(0.5), p99: pct(0.99), errors };
}
