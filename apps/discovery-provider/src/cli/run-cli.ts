import { CommandFailure, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './cli-errors';
import { readCliEnvironment } from './cli-environment';
import { commandUsage, PROGRAM, usage } from './cli-usage';
import { parseCommandLine } from './command-line';
import { runCommand } from './run-command';

export interface CliOutput {
  write(text: string): unknown;
}

/**
 * The whole CLI as a function: arguments and environment in, text out, the exit status returned
 * (0 done, 1 a request failed, 2 the command line or the environment is wrong). Results are JSON on
 * stdout; every failure is one line on stderr.
 */
export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  out: { stdout: CliOutput; stderr: CliOutput },
): Promise<number> {
  try {
    const command = parseCommandLine(argv);
    if (command.kind === 'help') {
      out.stdout.write(command.topic === undefined ? usage() : commandUsage(command.topic));
      return EXIT_OK;
    }
    const result = await runCommand(command, readCliEnvironment(env));
    out.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return EXIT_OK;
  } catch (error) {
    const known = error instanceof UsageError || error instanceof CommandFailure;
    const message = error instanceof Error ? error.message : String(error);
    out.stderr.write(`${PROGRAM}: ${known ? '' : 'unexpected error: '}${oneLine(message)}\n`);
    return error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
