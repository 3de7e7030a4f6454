// `npm run pack:libs`: builds the libraries other teams install into npm packages, one tarball each
// in dist/packages/: ES modules (SWC), type declarations (tsc), a package.json from the root's
// lockfile (package-manifest.ts) and the library's README. Internal imports such as
// @gatehouse/protocol stay package imports, and become dependencies on the packages packed here.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compileToEsm, files, isPackedSource } from './compile-esm';
import { importedSpecifiers, packageManifest, rootPackages } from './package-manifest';
import { PACKED_LIBS, type PackedLib } from './packed-libs';
import { completeRelativeSpecifiers } from './relative-specifiers';

// dist/tools/packages/pack-libs.js -> the repository.
const root = path.resolve(__dirname, '../../..');
const outDir = path.join(root, 'dist/packages');
const stage = path.join(outDir, 'stage');

/** ES modules of one library into `<stage>/<lib>/dist`; returns every bare specifier they import. */
function compile(lib: PackedLib, target: string): Set<string> {
  const src = path.join(root, 'libs', lib.dir, 'src');
  const imports = new Set<string>();
  const built: string[] = [];
  for (const file of files(src, isPackedSource)) {
    const out = { code: compileToEsm(file, root) };
    const dest = path.join(target, path.relative(src, file).replace(/\.ts$/, '.js'));
    mkdirSync(path.dirname(dest), { recursive: true });
    writeFileSync(dest, out.code);
    built.push(dest);
    for (const specifier of importedSpecifiers(out.code)) imports.add(specifier);
  }
  for (const file of built)
    writeFileSync(file, completeRelativeSpecifiers(readFileSync(file, 'utf8'), file, '.js'));
  return imports;
}

/** Declarations of every packed library in one tsc run (they import each other through the path aliases). */
function declarations(): string {
  const types = path.join(stage, 'types');
  const config = path.join(stage, 'tsconfig.types.json');
  writeFileSync(
    config,
    JSON.stringify({
      extends: path.join(root, 'tsconfig.base.json'),
      compilerOptions: {
        declaration: true,
        emitDeclarationOnly: true,
        noEmit: false,
        sourceMap: false,
        rootDir: path.join(root, 'libs'),
        outDir: types,
        types: ['node'],
      },
      include: PACKED_LIBS.map((lib) => path.join(root, 'libs', lib.dir, 'src/**/*.ts')),
      exclude: ['spec', 'integration-spec', 'e2e-spec', 'browser-spec'].map((tier) =>
        path.join(root, `libs/**/*.${tier}.ts`),
      ),
    }),
  );
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', config], {
    stdio: 'inherit',
  });
  return types;
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
const manifestRoot = rootPackages(
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')),
  JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')),
);
const types = declarations();
for (const lib of PACKED_LIBS) {
  const dir = path.join(stage, lib.dir);
  const dist = path.join(dir, 'dist');
  const imports = compile(lib, dist);
  const typesOf = path.join(types, lib.dir, 'src');
  const typeImports = new Set<string>();
  for (const file of files(typesOf, (name) => name.endsWith('.d.ts'))) {
    const dest = path.join(dist, path.relative(typesOf, file));
    const code = readFileSync(file, 'utf8');
    for (const specifier of importedSpecifiers(code)) typeImports.add(specifier);
    mkdirSync(path.dirname(dest), { recursive: true });
    writeFileSync(dest, completeRelativeSpecifiers(code, file, '.d.ts'));
  }
  if (lib.dir === 'gate-client') {
    // The browser bundle `npm run build` made: for pages that load one file without a bundler.
    copyFileSync(
      path.join(root, 'dist/libs/gate-client/gate-client.min.js'),
      path.join(dist, 'gate-client.min.js'),
    );
  }
  const manifest = packageManifest(lib, imports, manifestRoot, typeImports);
  // The bundle has the same API as the module, so the same declarations describe it.
  if (lib.dir === 'gate-client')
    manifest.exports['./browser'] = { types: './dist/index.d.ts', default: './dist/gate-client.min.js' };
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  copyFileSync(path.join(root, 'libs', lib.dir, 'README.md'), path.join(dir, 'README.md'));
  const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', outDir], {
    cwd: dir,
    encoding: 'utf8',
  }).trim();
  console.log(`${lib.name}: dist/packages/${packed}`);
}
rmSync(stage, { recursive: true, force: true });
