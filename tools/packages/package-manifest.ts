import { builtinModules } from 'node:module';
import type { PackedLib } from './packed-libs';

/** The parts of the root package.json and package-lock.json a manifest is made from. */
export interface RootPackages {
  version: string;
  /** Ranges the root package.json declares (dependencies and devDependencies). */
  ranges: Readonly<Record<string, string>>;
  /** Exact versions the root lockfile installed, by package name. */
  locked: Readonly<Record<string, string>>;
}

export interface PackageManifest {
  name: string;
  version: string;
  description: string;
  license: string;
  type: 'module';
  exports: Record<string, unknown>;
  types: string;
  files: string[];
  engines: { node: string };
  sideEffects: boolean;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
}

const builtins = new Set(builtinModules);
// The app owns its framework: one copy of Nest (and of its DI container) for the app and the library.
const isPeer = (name: string): boolean =>
  name.startsWith('@nestjs/') || name === 'reflect-metadata' || name === 'rxjs';

/** Bare module specifiers a file imports (static, dynamic and re-exports), relative ones left out. */
export function importedSpecifiers(code: string): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)) {
    const specifier = match[1]!;
    if (!specifier.startsWith('.')) found.add(specifier);
  }
  return [...found];
}

/** The package a bare specifier belongs to (`@scope/name/x` -> `@scope/name`); undefined for Node's own modules. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('node:') || builtins.has(specifier)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * The package.json of one packed library. Every package its built code or its declarations import
 * is declared: Nest (and rxjs, reflect-metadata) as peers with the root's range, our own packages
 * at this version, everything else pinned to what the root lockfile installed, the versions every
 * test ran. A package only the declarations name (a type import) is declared by its `@types/`
 * package when it has one, so strict consumers compile without `skipLibCheck`.
 */
export function packageManifest(
  lib: PackedLib,
  imports: Iterable<string>,
  root: RootPackages,
  typeImports: Iterable<string> = [],
): PackageManifest {
  const dependencies: Record<string, string> = {};
  const peerDependencies: Record<string, string> = {};
  const runtime = new Set([...imports].map(packageOf));
  const typesOnly = [...new Set([...typeImports].map(packageOf))].filter((name) => !runtime.has(name));
  for (const name of [...runtime, ...typesOnly].sort()) {
    if (name === undefined) continue;
    if (name.startsWith('@gatehouse/')) dependencies[name] = root.version;
    else if (isPeer(name))
      peerDependencies[name] = required(root.ranges, name, 'a range in the root package.json');
    else if (!runtime.has(name) && root.locked[`@types/${name}`] !== undefined)
      dependencies[`@types/${name}`] = root.locked[`@types/${name}`]!;
    else dependencies[name] = required(root.locked, name, 'a version in the root package-lock.json');
  }
  return {
    name: lib.name,
    version: root.version,
    description: lib.description,
    license: 'MIT',
    // NestJS 12 and jose ship ES modules only; so do these packages.
    type: 'module',
    exports: {
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      './package.json': './package.json',
    },
    types: './dist/index.d.ts',
    files: ['dist', 'README.md'],
    // 22.12: the first release that loads ES modules from CommonJS without a flag (apps built as CommonJS).
    engines: { node: '>=22.12' },
    sideEffects: false,
    dependencies,
    peerDependencies,
  };
}

function required(table: Readonly<Record<string, string>>, name: string, what: string): string {
  const value = table[name];
  if (value === undefined) throw new Error(`${name} is imported but has no ${what}`);
  return value;
}

/** Reads RootPackages from the parsed root package.json and package-lock.json. */
export function rootPackages(
  pkg: { version: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> },
  lock: { packages: Record<string, { version?: string }> },
): RootPackages {
  const locked: Record<string, string> = {};
  for (const [where, entry] of Object.entries(lock.packages)) {
    const name = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(where)?.[1];
    if (name && entry.version) locked[name] = entry.version;
  }
  return { version: pkg.version, ranges: { ...pkg.devDependencies, ...pkg.dependencies }, locked };
}
