/** Seconds a client should wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SEC = 5;

// Socket errors of a server that is gone or refusing connections.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// SQLSTATE class 08 (connection exception) and 57P01-57P03 (the server is shutting down or starting).
const SQLSTATES = /^(08\d{3}|57P0[123])$/;
// node-postgres reports a dropped socket or a pool that cannot connect in time only by message.
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly/i;

/**
 * True when `error` means "the database cannot be reached right now" rather than a bug or a bad
 * query: the caller should answer 503 with `Retry-After` (the request may succeed later) instead
 * of a 500. Looks through TypeORM's `driverError`, an AggregateError's `errors` and `cause`.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const fields = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof fields.code === 'string' && (NETWORK_CODES.has(fields.code) || SQLSTATES.test(fields.code)))
    return true;
  if (typeof fields.message === 'string' && MESSAGES.test(fields.message)) return true;
  const inner = [fields.driverError, fields.cause, ...(Array.isArray(fields.errors) ? fields.errors : [])];
  return inner.some((e) => isDatabaseUnavailable(e, depth + 1));
}
