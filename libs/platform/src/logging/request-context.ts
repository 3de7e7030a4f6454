import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestContext {
  reqId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The request being served by the current async chain, if any. */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/** Runs `next` (and everything it starts) as part of the request `context`. */
export function runInRequest<T>(context: RequestContext, next: () => T): T {
  return storage.run(context, next);
}

// Printable, short, and without separators a log or header parser could trip on.
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A caller's `X-Request-Id` when it is sane (so ids follow a call across services), else a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && SANE_ID.test(value) ? value : randomUUID();
}
