import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repositoryRoot } from '@gatehouse/testing';
import { compileToEsm, files, isPackedSource } from './compile-esm';
import { importedSpecifiers, packageManifest, packageOf, rootPackages } from './package-manifest';
import { PACKED_LIBS } from './packed-libs';
import { completeRelativeSpecifiers } from './relative-specifiers';

const root = repositoryRoot();
const manifestRoot = rootPackages(
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')),
  JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')),
);
const builtImports = (dir: string): string[] =>
  [...files(path.join(root, 'libs', dir, 'src'), isPackedSource)].flatMap((file) =>
    importedSpecifiers(compileToEsm(file, root)),
  );

describe.each(PACKED_LIBS.map((lib) => [lib.name, lib] as const))('the package.json of %s', (_name, lib) => {
  const imports = builtImports(lib.dir);
  const manifest = packageManifest(lib, imports, manifestRoot);

  it('declares every package its built code imports, at the version the lockfile installed', () => {
    const declared = { ...manifest.dependencies, ...manifest.peerDependencies };
    for (const name of new Set(imports.map(packageOf))) {
      if (name === undefined) continue;
      expect([name, declared[name]]).toEqual([name, expect.any(String)]);
      if (!name.startsWith('@gatehouse/') && !name.startsWith('@nestjs/'))
        expect(manifest.dependencies[name] ?? manifest.peerDependencies[name]).toMatch(/^(\^|)\d/);
    }
  });

  it('depends only on packages that are packed too among our own, and leaves Nest to the app', () => {
    const packed = new Set(PACKED_LIBS.map((l) => l.name));
    for (const name of Object.keys(manifest.dependencies).filter((n) => n.startsWith('@gatehouse/')))
      expect(packed).toContain(name);
    expect(Object.keys(manifest.dependencies).filter((n) => n.startsWith('@nestjs/'))).toEqual([]);
    expect(manifest).toMatchObject({
      type: 'module',
      engines: { node: '>=22.12' },
      exports: { '.': { types: './dist/index.d.ts' } },
    });
  });
});

describe('packageManifest', () => {
  const lib = PACKED_LIBS[0]!;
  it('pins other packages to the lockfile, Nest as a peer, and a type-only import by its @types package', () => {
    const manifest = packageManifest(lib, ['zod', '@nestjs/common/x', 'node:fs', 'fs'], manifestRoot, [
      'express',
    ]);
    expect(manifest.dependencies).toEqual({
      zod: manifestRoot.locked['zod'],
      '@types/express': manifestRoot.locked['@types/express'],
    });
    expect(manifest.peerDependencies).toEqual({ '@nestjs/common': manifestRoot.ranges['@nestjs/common'] });
  });

  it('refuses an import the root does not install', () => {
    expect(() => packageManifest(lib, ['left-pad-never-installed'], manifestRoot)).toThrow(
      /left-pad-never-installed/,
    );
  });
});

describe('completeRelativeSpecifiers', () => {
  it('spells out files and folders as Node ES modules need them, and refuses what was not built', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'specifiers-'));
    try {
      mkdirSync(path.join(dir, 'rpc'));
      writeFileSync(path.join(dir, 'a.js'), '');
      writeFileSync(path.join(dir, 'rpc', 'index.js'), '');
      const file = path.join(dir, 'index.js');
      const code =
        "import { a } from './a';\nexport * from './rpc';\nconst x = await import('./a.js');\nimport z from 'zod';";
      expect(completeRelativeSpecifiers(code, file, '.js')).toBe(
        "import { a } from './a.js';\nexport * from './rpc/index.js';\nconst x = await import('./a.js');\nimport z from 'zod';",
      );
      expect(() => completeRelativeSpecifiers("import './missing';", file, '.js')).toThrow(/missing/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
