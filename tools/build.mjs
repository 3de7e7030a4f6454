// Compiles apps, libs, tools and examples to dist/ with SWC (fast, no type check: `npm run typecheck`
// does that). Import aliases such as @gatehouse/protocol become relative paths, so the output runs
// with plain `node` and no loader. Files under a `public/` folder (web pages an app serves as they
// are) are copied beside the compiled code. Then bundles gate-client and the web example for browsers.
import { transformFile } from '@swc/core';
import { createRequire } from 'node:module';
import { chmod, copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { swcOptions, root } = require('./swc-options.cjs');
const { buildBrowserBundles } = require('./gate-client-bundle.cjs');

const sources = ['apps', 'libs', 'tools', 'examples'];
const outDir = path.join(root, 'dist');
// Browser code, built by esbuild as ES modules (buildBrowserBundles), not by SWC for Node.
const browserOnly = new Set([path.join(root, 'examples', 'web')]);
const isSource = (name) =>
  name.endsWith('.ts') &&
  !name.endsWith('.d.ts') &&
  !/\.(spec|integration-spec|e2e-spec|faults-spec)\.ts$/.test(name);

async function* walk(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'test' && !browserOnly.has(full)) yield* walk(full);
    } else if (isSource(entry.name) || path.basename(dir) === 'public') {
      yield full;
    }
  }
}

const options = swcOptions({ rewritePaths: true });
await rm(outDir, { recursive: true, force: true });
const jobs = [];
for (const top of sources) {
  for await (const file of walk(path.join(root, top))) {
    jobs.push(
      (async () => {
        const rel = path.relative(root, file);
        if (!isSource(path.basename(file))) {
          await mkdir(path.dirname(path.join(outDir, rel)), { recursive: true });
          return copyFile(file, path.join(outDir, rel));
        }
        const target = path.join(outDir, rel.replace(/\.ts$/, '.js'));
        const out = await transformFile(file, {
          ...options,
          filename: file,
          sourceFileName: path.relative(path.dirname(target), file),
        });
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, `${out.code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
        if (out.map) await writeFile(`${target}.map`, out.map);
      })(),
    );
  }
}
await Promise.all(jobs);

// package.json `bin` entries run as commands (`gatehouse` after `npm link`): each must start with
// the `#!` line of its source, which SWC keeps, and be executable.
const { bin = {} } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
for (const [name, file] of Object.entries(bin)) {
  const target = path.join(root, file);
  const head = await readFile(target, 'utf8').catch(() => undefined);
  if (head === undefined) throw new Error(`bin ${name}: ${file} was not built`);
  if (!head.startsWith('#!'))
    throw new Error(`bin ${name}: the source of ${file} must start with #!/usr/bin/env node`);
  await chmod(target, 0o755);
}
console.log(`built ${jobs.length} files into dist/`);
await buildBrowserBundles();
