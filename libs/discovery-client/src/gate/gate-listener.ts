import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { GateEndpoint } from './gate-endpoint';

export type NextFunction = (error?: unknown) => void;

/** Whether a request targets the gate path (exact match, query string ignored). */
export function isGateRequest(req: IncomingMessage, path: string): boolean {
  const url = req.url ?? '';
  const end = url.indexOf('?');
  return (end < 0 ? url : url.slice(0, end)) === path;
}

/** Express-style middleware serving the endpoint on `path` and passing everything else on. */
export function gateMiddleware(endpoint: GateEndpoint, path: string) {
  return (req: IncomingMessage, res: ServerResponse, next: NextFunction): void => {
    if (!isGateRequest(req, path)) return next();
    void endpoint.handle(req, res);
  };
}

/** The part of a fastify instance the endpoint needs (typed here so fastify stays optional). */
export interface FastifyHooks {
  addHook(
    name: 'onRequest',
    hook: (
      request: { raw: IncomingMessage },
      reply: { raw: ServerResponse; hijack(): void },
      done: () => void,
    ) => void,
  ): unknown;
}

/**
 * Fastify: an `onRequest` hook, which runs before fastify reads the body (the endpoint needs the
 * exact bytes the signature covers); the reply is hijacked and written on the raw response.
 */
export function mountOnFastify(instance: FastifyHooks, endpoint: GateEndpoint, path: string): void {
  instance.addHook('onRequest', (request, reply, done) => {
    if (!isGateRequest(request.raw, path)) return done();
    reply.hijack();
    void endpoint.handle(request.raw, reply.raw);
  });
}

/** The endpoint on its own small listener (the `listen` option); other paths get 404. */
export async function startGateListener(
  endpoint: GateEndpoint,
  path: string,
  host: string,
  port: number,
): Promise<Server> {
  const server = createServer((req, res) => {
    if (isGateRequest(req, path)) return void endpoint.handle(req, res);
    res
      .writeHead(404, { 'content-type': 'application/json' })
      .end('{"error":"not_found","message":"no such endpoint"}');
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

export async function closeGateListener(server: Server): Promise<void> {
  server.closeIdleConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
