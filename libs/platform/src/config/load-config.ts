import type { z } from 'zod';
import { StartupError } from '../startup/startup-error';
import { resolveAliases } from './env-aliases';
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

export interface ParseConfigOptions {
  /** Where a deprecated variable name in use is reported; default: a line on stderr. */
  warn?: (line: string) => void;
}

/**
 * Parses the environment with `schema`, after mapping deprecated names (`withAliases`) and
 * resolving `X_FILE` variables; throws a `ConfigError` naming every bad variable.
 */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
  options: ParseConfigOptions = {},
): z.infer<S> {
  const aliases = resolveAliases(schema, env);
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  for (const line of aliases.deprecated) warn(`config warning: ${line}`);
  const files = resolveFileVariables(schema, aliases.env);
  const result = schema.safeParse(files.env);
  const problems = [
    ...aliases.problems,
    ...files.problems,
    ...(result.success
      ? []
      : result.error.issues.map((issue) => ({
          variable: issue.path.length > 0 ? String(issue.path[0]) : '(environment)',
          expected: issue.message + listEntry(issue.path),
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

/** Which item of a list variable (`A,B,C`) an issue is about, counted from 1. */
function listEntry(path: readonly PropertyKey[]): string {
  const index = path[1];
  return typeof index === 'number' ? ` (entry ${index + 1})` : '';
}
