import { readdirSync } from 'node:fs';
import path from 'node:path';
import { transformFileSync } from '@swc/core';

/** One library source file as the ES module its package ships (decorators as the apps compile them). */
export function compileToEsm(file: string): string {
  return transformFileSync(file, {
    swcrc: false,
    module: { type: 'es6' },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
  }).code;
}

/** Files a package is built from: the library's sources without its tests. */
export const isPackedSource = (name: string): boolean =>
  name.endsWith('.ts') && !name.endsWith('.d.ts') && !/\.(spec|integration-spec|e2e-spec|browser-spec)\.ts$/.test(name);

/** Every file under `dir` whose name passes `keep`. */
export function* files(dir: string, keep: (name: string) => boolean): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full, keep);
    else if (keep(entry.name)) yield full;
  }
}
