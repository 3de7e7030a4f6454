import type { ArgumentsHost } from '@nestjs/common';

/** What an exception filter wrote: status, headers and body, through the calls express and fastify share. */
export interface RecordedReply {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * An `ArgumentsHost` of one HTTP request whose reply records what an exception filter writes, so a
 * filter's mapping is tested without a server (`header`/`setHeader`, `status`, `send`/`json`).
 */
export function recordingHost(headers: Record<string, string> = {}): {
  host: ArgumentsHost;
  reply: RecordedReply;
} {
  const reply: RecordedReply = { statusCode: 0, headers: {}, body: undefined };
  const response = {
    headersSent: false,
    header(name: string, value: string) {
      reply.headers[name.toLowerCase()] = value;
      return response;
    },
    setHeader(name: string, value: string) {
      reply.headers[name.toLowerCase()] = value;
      return response;
    },
    status(code: number) {
      reply.statusCode = code;
      return response;
    },
    send(body: unknown) {
      reply.body = body;
      return response;
    },
    json(body: unknown) {
      reply.body = body;
      return response;
    },
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({
      getRequest: () => ({ headers }),
      getResponse: () => response,
      getNext: () => undefined,
    }),
  } as unknown as ArgumentsHost;
  return { host, reply };
}
