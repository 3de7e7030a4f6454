import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { type BootstrapFile, bootstrapFileSchema } from './bootstrap.schema';

/** A bootstrap file that cannot be used; the message names the file and the bad entry. */
export class BootstrapFileError extends Error {
  override readonly name = 'BootstrapFileError';
}

/** Parses the file's JSON text; one error names the first bad entry, e.g. `users[1] ("bob").roles[0]`. */
export function parseBootstrapFile(text: string, source = 'bootstrap file'): BootstrapFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BootstrapFileError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  const result = bootstrapFileSchema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new BootstrapFileError(`${source}: ${where(json, issue.path)}: ${issue.message}`);
}

export async function readBootstrapFile(file: string): Promise<BootstrapFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new BootstrapFileError(
      `bootstrap file ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  return parseBootstrapFile(text, `bootstrap file ${file}`);
}

/** `users[1] ("bob").roles[0]`: the entry by index and by name when it has one. */
function where(json: unknown, path: z.core.$ZodIssue['path']): string {
  if (path.length === 0) return 'top level';
  const [list, index, ...rest] = path;
  let text = String(list);
  if (typeof index === 'number') {
    text += `[${index}]`;
    const name = nameOf(json, String(list), index);
    if (name) text += ` (${JSON.stringify(name)})`;
  }
  for (const part of rest) text += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
  return text;
}

function nameOf(json: unknown, list: string, index: number): string | undefined {
  const entry = (json as Record<string, unknown[] | undefined>)[list]?.[index] as
    Record<string, unknown> | undefined;
  const name = entry?.['username'] ?? entry?.['clientId'];
  return typeof name === 'string' ? name.slice(0, 100) : undefined;
}
