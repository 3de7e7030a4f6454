import type { z } from 'zod';

/** A variable of the environment that is missing or malformed. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly expected: string,
  ) {
    super(`config error: ${variable}: ${expected}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment with `schema`; throws `ConfigError` naming the first bad variable. */
export function parseConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new ConfigError(issue.path.map(String).join('.') || '(environment)', issue.message);
}

/**
 * Parses the environment once at start-up. A bad or missing variable stops the process with one
 * line naming it, before anything listens or connects.
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
