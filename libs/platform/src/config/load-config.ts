import type { z } from 'zod';
import { StartupError } from '../startup/startup-error';
import { resolveFileVariables } from './file-variables';

/** Variables of the environment that are missing or malformed: all of them, not only the first. */
export class ConfigError extends StartupError {
  readonly variable: string;
  readonly expected: string;

  constructor(readonly problems: readonly { variable: string; expected: string }[]) {
    super(problems.map((p) => `config error: ${p.variable}: ${p.expected}`).join('\n'));
    this.variable = problems[0]?.variable ?? '(environment)';
    this.expected = problems[0]?.expected ?? 'invalid';
  }
}

/**
 * Parses the environment with `schema` (after resolving `X_FILE` variables); throws a
 * `ConfigError` naming every bad variable.
 */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const files = resolveFileVariables(schema, env);
  const result = schema.safeParse(files.env);
  const problems = [
    ...files.problems,
    ...(result.success
      ? []
      : result.error.issues.map((issue) => ({
          variable: issue.path.map(String).join('.') || '(environment)',
          expected: issue.message,
        }))),
  ];
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return result.data;
}

/**
 * Parses the environment once at start-up. Bad or missing variables stop the process with one
 * line each, before anything listens or connects.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  try {
    return parseConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
