import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { FastifyInstance } from 'fastify';
import { componentLogger } from './logger';
import { requestIdFrom, runInRequest } from './request-context';

const REQUEST_ID = 'x-request-id';

interface AccessLine {
  method: string | undefined;
  url: string | undefined;
  status: number;
  durationMs: number;
  client: string | undefined;
  reqId: string;
}

/** One line per request; the query is left out since callers may put secrets there. */
function logAccess(describe: () => AccessLine): void {
  // Every request passes here: with access lines off (LOG_LEVEL above info) nothing is built, and
  // the client address (a trusted-proxy walk) is not worked out.
  if (!access.isLevelEnabled('info')) return;
  const { url, durationMs, ...rest } = describe();
  access.info(
    { ...rest, path: (url ?? '').split('?', 1)[0], durationMs: Math.round(durationMs * 10) / 10 },
    'request',
  );
}
const access = componentLogger('access');

/** Fastify: the request id is set before anything else runs, the access line once the reply is sent. */
export function installFastifyRequestLogging(instance: FastifyInstance): void {
  const ids = new WeakMap<object, string>();
  instance.addHook('onRequest', (request, reply, done) => {
    const reqId = requestIdFrom(request.headers[REQUEST_ID]);
    ids.set(request, reqId);
    void reply.header(REQUEST_ID, reqId);
    runInRequest({ reqId }, done);
  });
  instance.addHook('onResponse', (request, reply, done) => {
    logAccess(() => ({
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      durationMs: reply.elapsedTime,
      client: request.ip,
      reqId: ids.get(request) ?? '',
    }));
    done();
  });
}

/** Express: the first middleware, so the whole request runs inside its context. */
export function expressRequestLogging(): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const reqId = requestIdFrom(req.headers[REQUEST_ID]);
    res.setHeader(REQUEST_ID, reqId);
    const started = process.hrtime.bigint();
    res.once('finish', () => logExpress(req, res, reqId, started));
    runInRequest({ reqId }, next);
  };
}

function logExpress(
  req: IncomingMessage & { ip?: string },
  res: ServerResponse,
  reqId: string,
  started: bigint,
): void {
  logAccess(() => ({
    method: req.method,
    url: req.url,
    status: res.statusCode,
    durationMs: Number(process.hrtime.bigint() - started) / 1e6,
    client: req.ip,
    reqId,
  }));
}
