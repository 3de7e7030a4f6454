import { parse as parseQuery } from 'node:querystring';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BodyRejectedError } from './body-error';

/**
 * JSON and form bodies on fastify, answering like the express parsers (body-parser) the other apps
 * use: a body over the limit is 413, malformed JSON (or a JSON body that is not an object or array)
 * is 400, an empty JSON body is `{}`, a repeated form field is an array, and a body of any other
 * type is read (within the limit) and ignored, so the handler sees no body rather than a 415.
 * Failures are `BodyRejectedError`, answered by `BodyErrorFilter`.
 */
export function installFastifyBodyParsers(instance: FastifyInstance, limit: number, limitText: string): void {
  const read = (request: FastifyRequest, payload: Readable) => readBody(request, payload, limit, limitText);
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('application/json', async (request: FastifyRequest, payload: Readable) =>
    parseJson(await read(request, payload)),
  );
  instance.addContentTypeParser(
    'application/x-www-form-urlencoded',
    async (request: FastifyRequest, payload: Readable) => ({
      ...parseQuery((await read(request, payload)).toString('utf8')),
    }),
  );
  instance.addContentTypeParser('*', async (request: FastifyRequest, payload: Readable) => {
    await read(request, payload);
    return undefined;
  });
}

function parseJson(raw: Buffer): unknown {
  const text = raw.toString('utf8').trim();
  if (text === '') return {};
  // body-parser's strict mode: only an object or an array at the top.
  if (text[0] !== '{' && text[0] !== '[')
    throw new BodyRejectedError(400, 'body is not valid JSON or form data');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyRejectedError(400, 'body is not valid JSON or form data');
  }
}

/** The whole body, refused as soon as it (or its declared length) passes the limit. */
function readBody(
  request: FastifyRequest,
  payload: Readable,
  limit: number,
  limitText: string,
): Promise<Buffer> {
  const declared =
    request.headers['content-length'] === undefined ? undefined : Number(request.headers['content-length']);
  if (declared !== undefined && declared > limit)
    return Promise.reject(new BodyRejectedError(413, `body larger than ${limitText}`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Like fastify's own reader: stop listening, leave the stream to the server.
    const stop = (error?: BodyRejectedError) => {
      payload.off('data', onData);
      payload.off('end', onEnd);
      payload.off('error', onError);
      if (error) reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) stop(new BodyRejectedError(413, `body larger than ${limitText}`));
      else chunks.push(chunk);
    };
    const onEnd = () => {
      if (declared !== undefined && declared !== size)
        return stop(new BodyRejectedError(400, 'body length does not match Content-Length'));
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = () => stop(new BodyRejectedError(400, 'body could not be read'));
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
  });
}

/** '64kb' -> 65536 (the units body-parser accepts: b, kb, mb, gb; 1024-based). */
export function parseByteSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(text);
  if (!match) throw new TypeError(`not a byte size: ${text}`);
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[
    (match[2] ?? 'b').toLowerCase() as 'b' | 'kb' | 'mb' | 'gb'
  ];
  return Math.floor(Number(match[1]) * unit);
}
