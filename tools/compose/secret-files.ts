import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

/** Owner of a file or folder: a service's uid, or undefined for root. */
export type Owner = number | undefined;

/** A folder only `owner` can enter (root's when undefined). */
export function privateFolder(dir: string, owner: Owner): void {
  mkdirSync(dir, { recursive: true });
  chownSync(dir, owner ?? 0, owner ?? 0);
  chmodSync(dir, 0o700);
}

/**
 * Writes `content` to `file` for `owner` alone (0400), atomically: a reader sees the old file or
 * the whole new one, never half of it, even when the writer is killed midway.
 */
export function writeSecret(file: string, content: string, owner: Owner): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(tmp, content, { mode: 0o400 });
  // `mode` is ignored when the file exists (a leftover of a killed run): force it.
  chmodSync(tmp, 0o400);
  chownSync(tmp, owner ?? 0, owner ?? 0);
  renameSync(tmp, file);
}

/**
 * The file's content, creating it with `make()` when it does not exist yet. Never overwritten: a
 * second `up`, or a retry after a crash, keeps every secret the system already uses.
 */
export function keepOrCreate(file: string, owner: Owner, make: () => string): string {
  if (existsSync(file)) {
    // Kept, but never left readable by others (a copy restored by hand, an older version's file).
    chmodSync(file, 0o400);
    return readFileSync(file, 'utf8');
  }
  const content = make();
  writeSecret(file, content, owner);
  return content;
}
