export interface DomainErrorOptions {
  /** Extra members of the answer (problem JSON extension members); never secrets. */
  details?: Readonly<Record<string, unknown>>;
  /** Seconds the caller should wait before retrying (sent as `Retry-After`). */
  retryAfterSec?: number;
  cause?: unknown;
}

/**
 * The base of every app's domain error: a stable code from the app's code enum, a sentence for
 * the caller, and optional details. Services throw it; the app's filter (see `domainErrorFilter`)
 * is the one place that turns a code into an HTTP status and a body.
 */
export class DomainError<C extends string = string> extends Error {
  readonly details: Readonly<Record<string, unknown>> | undefined;
  readonly retryAfterSec: number | undefined;

  constructor(
    readonly code: C,
    readonly description: string,
    options: DomainErrorOptions = {},
  ) {
    super(`${code}: ${description}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.details = options.details;
    this.retryAfterSec = options.retryAfterSec;
  }
}
