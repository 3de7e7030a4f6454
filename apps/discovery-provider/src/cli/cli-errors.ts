/**
 * The command line or the environment is wrong: nothing was sent. Exit status 2, one line that
 * names what to fix.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A request was sent and failed (refused, unreachable, not understood). Exit status 1, one line. */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
