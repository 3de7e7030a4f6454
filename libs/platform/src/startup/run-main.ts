import { StartupError } from './startup-error';

/**
 * The body of every app's `main.ts`: start, or say why not and exit 1. A `StartupError` (a bad
 * variable, a key that does not fit) is printed as its own lines; anything else is a bug and
 * keeps its stack. Nothing half-started keeps the process alive after that.
 */
export function runMain(app: string, start: () => Promise<unknown>): void {
  start().catch((error: unknown) => {
    const text =
      error instanceof StartupError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    process.stderr.write(
      `${text
        .split('\n')
        .map((line) => `${app}: ${line}`)
        .join('\n')}\n`,
    );
    process.exit(1);
  });
}
