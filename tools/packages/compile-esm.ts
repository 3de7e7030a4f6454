import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Options, transformFileSync } from '@swc/core';

type SwcOptions = (options: { rewritePaths: boolean }) => Options;

/**
 * One library source file as the ES module its package ships: the build's own SWC settings
 * (tools/swc-options.cjs, found from the repository `root`, since this runs from source and from
 * dist/), with `@gatehouse/*` imports left as package imports and ES module output.
 */
export function compileToEsm(file: string, root: string): string {
  const { swcOptions } = createRequire(__filename)(path.join(root, 'tools/swc-options.cjs')) as {
    swcOptions: SwcOptions;
  };
  return transformFileSync(file, {
    ...swcOptions({ rewritePaths: false }),
    sourceMaps: false,
    swcrc: false,
    module: { type: 'es6' },
  }).code;
}

/** Files a package is built from: the library's sources without its tests. */
export const isPackedSource = (name: string): boolean =>
  name.endsWith('.ts') &&
  !name.endsWith('.d.ts') &&
  !/\.(spec|integration-spec|e2e-spec|browser-spec)\.ts$/.test(name);

/** Every file under `dir` whose name passes `keep`. */
export function* files(dir: string, keep: (name: string) => boolean): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full, keep);
    else if (keep(entry.name)) yield full;
  }
}
