import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The Docker secrets convention: `X_FILE=/run/secrets/x` stands for `X` with that file's content
 * (one trailing newline dropped), so a secret never has to sit in the environment, where
 * `docker inspect` and child processes see it. Applies to the variables the schema declares.
 * Problems (both forms set, an unreadable file) come back per variable, like schema issues.
 */
export function resolveFileVariables(
  schema: z.ZodType,
  env: NodeJS.ProcessEnv,
): { env: NodeJS.ProcessEnv; problems: { variable: string; expected: string }[] } {
  const resolved = { ...env };
  const problems: { variable: string; expected: string }[] = [];
  for (const key of declaredKeys(schema)) {
    const file = env[`${key}_FILE`];
    if (file === undefined || file === '') continue;
    if (env[key] !== undefined && env[key] !== '') {
      problems.push({ variable: `${key}_FILE`, expected: `set ${key} or ${key}_FILE, not both` });
      continue;
    }
    try {
      resolved[key] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push({ variable: `${key}_FILE`, expected: `a readable file (${file}: ${reason})` });
    }
  }
  return { env: resolved, problems };
}

/** Top-level keys of an object schema, through `.transform()` pipes. */
function declaredKeys(schema: z.ZodType): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape).filter((key) => !key.endsWith('_FILE'));
  if (schema instanceof z.ZodPipe) return declaredKeys(schema.in as z.ZodType);
  return [];
}
