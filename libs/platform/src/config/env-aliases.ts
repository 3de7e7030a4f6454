import type { z } from 'zod';

/** A deprecated variable name that still works: its value stands for `current`'s. */
export interface EnvAlias {
  readonly old: string;
  readonly current: string;
  /** The old value as `current` takes it; undefined when it is malformed. */
  readonly convert: (value: string) => string | undefined;
  /** What the old variable holds, for the error line when `convert` refuses it. */
  readonly expected: string;
}

/** The same value under a new name. */
export const renamedVariable = (old: string, current: string): EnvAlias => ({
  old,
  current,
  convert: (value) => value,
  expected: 'the value of ' + current,
});

/** A duration once given in seconds, now in milliseconds under a `_MS` name. */
export const secondsVariable = (old: string, current: string): EnvAlias => ({
  old,
  current,
  convert: (value) => (/^\s*\d+\s*$/.test(value) ? String(Number(value) * 1000) : undefined),
  expected: 'a whole number of seconds',
});

const aliasesOf = new WeakMap<z.ZodType, readonly EnvAlias[]>();

/** Declares the deprecated names `parseConfig` accepts for `schema`'s variables. */
export function withAliases<S extends z.ZodType>(schema: S, aliases: readonly EnvAlias[]): S {
  aliasesOf.set(schema, aliases);
  return schema;
}

export interface ResolvedAliases {
  env: NodeJS.ProcessEnv;
  problems: { variable: string; expected: string }[];
  /** One line per deprecated name in use. */
  deprecated: string[];
}

/** Copies each set deprecated variable to its current name; both set to different values is a problem. */
export function resolveAliases(schema: z.ZodType, env: NodeJS.ProcessEnv): ResolvedAliases {
  const resolved = { ...env };
  const problems: ResolvedAliases['problems'] = [];
  const deprecated: string[] = [];
  for (const alias of aliasesOf.get(schema) ?? []) {
    const value = env[alias.old];
    if (value === undefined || value === '') continue;
    deprecated.push(`${alias.old} is deprecated: use ${alias.current}`);
    const converted = alias.convert(value);
    if (converted === undefined) {
      problems.push({ variable: alias.old, expected: `${alias.expected} (an alias of ${alias.current})` });
    } else if (
      isSet(env, `${alias.current}_FILE`) ||
      (isSet(env, alias.current) && env[alias.current] !== converted)
    ) {
      // Two different values: which one the operator meant cannot be guessed.
      problems.push({ variable: alias.old, expected: `set ${alias.current} or ${alias.old}, not both` });
    } else {
      resolved[alias.current] = converted;
    }
  }
  return { env: resolved, problems, deprecated };
}

const isSet = (env: NodeJS.ProcessEnv, key: string) => env[key] !== undefined && env[key] !== '';
