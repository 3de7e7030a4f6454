import { STATUS_CODES } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { HttpReply } from '../http/http-reply';
import type { Failure } from './failure';
import { INTERNAL_ERROR } from './failure';

/** RFC 9457 problem details; `code` is the stable extension member clients switch on. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  [extension: string]: unknown;
}

/** RFC 6749 §5.2 error body. */
export interface OAuthErrorBody {
  error: string;
  error_description: string;
}

/** Problem JSON everywhere; RFC 6749 bodies on OAuth endpoints only. */
export type ErrorShape = 'problem' | 'oauth';

const RESERVED = new Set(['type', 'title', 'status', 'detail', 'code']);

export function problemBody(failure: Failure): ProblemBody {
  const extensions = Object.entries(failure.details ?? {}).filter(([key]) => !RESERVED.has(key));
  return {
    type: 'about:blank',
    title: STATUS_CODES[failure.status] ?? 'Error',
    status: failure.status,
    ...(failure.detail === undefined ? {} : { detail: failure.detail }),
    code: failure.code,
    ...Object.fromEntries(extensions),
  };
}

export function oauthBody(failure: Failure, errorName: (code: string) => string = (c) => c): OAuthErrorBody {
  return {
    error: failure.code === INTERNAL_ERROR ? 'server_error' : errorName(failure.code),
    error_description: failure.detail ?? STATUS_CODES[failure.status] ?? 'error',
  };
}

/**
 * Writes a failure through the calls express and fastify share. Errors are never cached; a
 * retryable one says when to retry; a 401 repeats the challenge the caller's scheme expects.
 */
export function writeFailure(
  reply: HttpReply,
  failure: Failure,
  shape: ErrorShape,
  requestHeaders: IncomingHttpHeaders = {},
  errorName?: (code: string) => string,
): void {
  reply.header('Cache-Control', 'no-store');
  if (failure.retryAfterSec !== undefined) {
    reply.header('Retry-After', String(Math.max(1, Math.ceil(failure.retryAfterSec))));
  }
  const challenge = failure.wwwAuthenticate ?? basicChallenge(failure, requestHeaders);
  if (challenge !== undefined) reply.header('WWW-Authenticate', challenge);
  if (shape === 'oauth') {
    reply.header('Pragma', 'no-cache').status(failure.status).send(oauthBody(failure, errorName));
    return;
  }
  reply.status(failure.status).header('Content-Type', 'application/problem+json').send(problemBody(failure));
}

/** RFC 6749 §5.2: a client that failed HTTP Basic authentication is told the scheme again. */
function basicChallenge(failure: Failure, headers: IncomingHttpHeaders): string | undefined {
  if (failure.status !== 401 || !/^basic\s/i.test(headers.authorization ?? '')) return undefined;
  return 'Basic realm="gatehouse", charset="UTF-8"';
}
