import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The repository root: the nearest folder above `from` with a package-lock.json (the same from
 * libs/testing/src under jest and from dist/libs/testing/src in built tools).
 */
export function repositoryRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package-lock.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no repository root above ${from}`);
  }
}
