import { HttpException, HttpStatus } from '@nestjs/common';
import type { Logger } from 'pino';
import { DATABASE_RETRY_AFTER_SEC, isDatabaseUnavailable } from '@gatehouse/persistence';
import type { DomainError } from './domain.error';
import type { ErrorTable } from './error-table';

/** A thrown value resolved to what the caller is told, before it is written in either shape. */
export interface Failure {
  status: number;
  code: string;
  detail: string | undefined;
  details?: Readonly<Record<string, unknown>>;
  retryAfterSec?: number;
  /** A challenge the exception carries (RFC 6750 bearer failures). */
  wwwAuthenticate?: string;
}

export const INTERNAL_ERROR = 'internal_error';

/**
 * The one order of checks for every app: its domain errors by its table; a framework exception
 * keeps its 4xx (or 503); an unreachable database is a 503 with `Retry-After` (the request may
 * succeed once it is back); a body a parser refused keeps its 4xx; anything else is a bug, logged
 * and answered with a 500 that says nothing of its cause.
 */
export function toFailure<C extends string>(
  thrown: unknown,
  table: ErrorTable<C> | undefined,
  logger: Logger,
): Failure {
  if (table && thrown instanceof table.errorClass) return domainFailure(thrown, table);
  if (thrown instanceof HttpException && thrown.getStatus() !== 500) return httpFailure(thrown, table);
  if (isDatabaseUnavailable(thrown)) {
    return {
      status: 503,
      code: 'temporarily_unavailable',
      detail: 'the service cannot reach its database; retry later',
      retryAfterSec: DATABASE_RETRY_AFTER_SEC,
    };
  }
  const parserStatus = bodyParserStatus(thrown);
  if (parserStatus !== undefined) {
    return { status: parserStatus, code: codeFor(parserStatus, table), detail: 'malformed request body' };
  }
  logger.error({ err: thrown }, 'unhandled error');
  return { status: 500, code: INTERNAL_ERROR, detail: 'internal error' };
}

function domainFailure<C extends string>(error: DomainError<C>, table: ErrorTable<C>): Failure {
  return {
    status: table.statusOf(error.code),
    code: error.code,
    detail: error.description,
    ...(error.details ? { details: error.details } : {}),
    ...(error.retryAfterSec !== undefined ? { retryAfterSec: error.retryAfterSec } : {}),
  };
}

/** An HttpException: its status, and the code and sentence of its body in any of the usual keys. */
export function httpFailure(error: HttpException, table?: ErrorTable<string>): Failure {
  const status = error.getStatus();
  const body = error.getResponse();
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const code = [fields['code'], fields['error']].find((v) => typeof v === 'string' && /^[a-z_]+$/.test(v));
  const detail =
    [fields['detail'], fields['error_description']].find((v) => typeof v === 'string') ??
    messageOf(fields['message'] ?? body);
  const challenge = (error as { wwwAuthenticate?: unknown }).wwwAuthenticate;
  return {
    status,
    code: typeof code === 'string' ? code : codeFor(status, table),
    detail: typeof detail === 'string' ? detail : undefined,
    ...(typeof challenge === 'string' ? { wwwAuthenticate: challenge } : {}),
  };
}

function messageOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(String).join('; ');
  return undefined;
}

const CODES: Readonly<Record<number, string>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'too_many_requests',
  503: 'temporarily_unavailable',
};

function codeFor(status: number, table: ErrorTable<string> | undefined): string {
  const own = table?.frameworkCode?.(status);
  if (own !== undefined) return own;
  const name = CODES[status] ?? HttpStatus[status];
  return name ? name.toLowerCase() : 'error';
}

/** body-parser errors (bad JSON, too large) carry a 4xx `status` and reach filters unwrapped. */
function bodyParserStatus(thrown: unknown): number | undefined {
  if (typeof thrown !== 'object' || thrown === null || !('type' in thrown)) return undefined;
  const status = (thrown as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
