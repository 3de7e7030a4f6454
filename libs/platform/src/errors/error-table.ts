import type { DomainError } from './domain.error';

/**
 * What an app supplies to get its error filter: which errors are its own and the HTTP status of
 * each code. Everything else (framework exceptions, an unreachable database, bugs) is answered the
 * same way in every app by `domainErrorFilter`.
 */
export interface ErrorTable<C extends string> {
  /** The app's domain error class (a subclass of `DomainError`). */
  errorClass: abstract new (...args: never[]) => DomainError<C>;
  /** HTTP status of each code; write it as an exhaustive switch so lint catches a new code. */
  statusOf(code: C): number;
  /** The code of a framework exception (guard, throttler) that names none; default by status. */
  frameworkCode?(status: number): string | undefined;
  /** The RFC 6749 `error` name of a code, for OAuth endpoints (default: the code itself). */
  oauthError?(code: string): string;
}
