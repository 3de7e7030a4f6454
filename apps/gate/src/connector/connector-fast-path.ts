import type { NextFunction, Request, Response } from 'express';
import type { GateConfig } from '../config';
import { writeBodyError } from './body-error';
import type { ConnectorService } from './connector.service';

/**
 * `POST /` on the connector (transfer) without express's body parser, router and Nest's pipeline:
 * they were most of a same-replica push's CPU (bench:gate, pushes), the transfer itself a few
 * microseconds. Runs after the caller was authenticated (`authenticateBeforeBody`). Anything but a
 * plain JSON body (another path or method, another content type, a content encoding) takes the
 * usual route, where `ConnectorController` answers it the same way.
 */
export function connectorFastPath(
  config: GateConfig,
  connector: ConnectorService,
): (req: Request, res: Response, next: NextFunction) => void {
  const limit = config.limits.maxTransferBytes;
  return (req, res, next) => {
    if (req.method !== 'POST' || req.url !== '/' || !isPlainJson(req)) return next();
    if (Number(req.headers['content-length'] ?? 0) > limit) return refuse(req, res, 413, limit);
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit && !refused) {
        refused = true;
        refuse(req, res, 413, limit);
      }
      if (!refused) chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      let body: unknown;
      try {
        body = JSON.parse(
          chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'),
        );
      } catch {
        return writeBodyError(req, res, 400, 'body is not valid JSON or form data');
      }
      connector.answer(body, config.limits.maxBatch).then((text) => {
        if (text === undefined) res.writeHead(204).end();
        else
          res
            .writeHead(200, {
              'content-type': 'application/json; charset=utf-8',
              'content-length': Buffer.byteLength(text),
            })
            .end(text);
      }, next);
    });
  };
}

function isPlainJson(req: Request): boolean {
  const type = req.headers['content-type'];
  return (
    type !== undefined &&
    /^application\/json\s*(;\s*charset=utf-8\s*)?$/i.test(type) &&
    req.headers['content-encoding'] === undefined
  );
}

/** As the body parser answers a body over the limit (the rest of it is not read: the connection closes). */
function refuse(req: Request, res: Response, status: number, limit: number): void {
  res.set('Connection', 'close');
  writeBodyError(req, res, status, `body larger than ${limit}b`);
}
