import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** One entry of package-lock.json's `packages` (the fields this reads; the rest is copied as is). */
interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  [field: string]: unknown;
}

/** A packed tarball and its package.json. */
export interface PackedTarball {
  file: string;
  manifest: {
    name: string;
    version: string;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
}

/** Where Node would find `name` required from the package at `from` (a lockfile path), if the lockfile has it. */
function locate(
  packages: Readonly<Record<string, LockEntry>>,
  from: string,
  name: string,
): string | undefined {
  // `node_modules/a/node_modules/b` looks in its own node_modules, then in a's, then at the top.
  for (let dir = from; ;) {
    const candidate = `${dir}/node_modules/${name}`;
    if (packages[candidate]) return candidate;
    const up = dir.lastIndexOf('/node_modules/');
    if (up < 0) break;
    dir = dir.slice(0, up);
  }
  return packages[`node_modules/${name}`] ? `node_modules/${name}` : undefined;
}

/**
 * package.json and package-lock.json of a new project that depends on the packed tarballs and on
 * `appDependencies`, every other package at the version and place the repository's lockfile has
 * it. `npm ci --offline` then installs it all from npm's cache (filled when the repository was
 * installed): a real npm install of the tarballs without the network.
 */
export function offlineProject(
  rootLock: { packages: Record<string, LockEntry> },
  tarballs: readonly PackedTarball[],
  appDependencies: readonly string[],
): { packageJson: object; packageLock: object } {
  const { packages } = rootLock;
  const wanted = new Set(appDependencies);
  for (const { manifest } of tarballs) {
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }))
      if (!name.startsWith('@gatehouse/')) wanted.add(name);
  }
  const entries: Record<string, LockEntry> = {};
  const queue = [...wanted].map((name) => `node_modules/${name}`);
  for (let where = queue.pop(); where !== undefined; where = queue.pop()) {
    if (entries[where]) continue;
    const entry = packages[where];
    if (!entry) throw new Error(`the repository's lockfile has no ${where}`);
    // Whether a package is a dev dependency is the repository's business, not the new project's.
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...kept } = entry;
    entries[where] = kept;
    const optionalPeers = entry.peerDependenciesMeta ?? {};
    const peers = Object.keys(entry.peerDependencies ?? {}).filter((name) => !optionalPeers[name]?.optional);
    for (const name of [...Object.keys({ ...entry.dependencies, ...entry.optionalDependencies }), ...peers]) {
      const found = locate(packages, where, name);
      if (found) queue.push(found);
      else if (!entry.optionalDependencies?.[name])
        throw new Error(`the repository's lockfile cannot satisfy ${name} of ${where}`);
    }
  }
  const dependencies: Record<string, string> = {};
  for (const name of [...wanted].sort()) dependencies[name] = packages[`node_modules/${name}`]!.version!;
  for (const { file, manifest } of tarballs) {
    dependencies[manifest.name] = `file:${file}`;
    entries[`node_modules/${manifest.name}`] = {
      version: manifest.version,
      resolved: `file:${file}`,
      integrity: `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`,
      ...(manifest.dependencies ? { dependencies: manifest.dependencies } : {}),
      ...(manifest.peerDependencies ? { peerDependencies: manifest.peerDependencies } : {}),
    };
  }
  const identity = { name: 'outside-facade', version: '1.0.0' };
  return {
    packageJson: { ...identity, private: true, type: 'module', dependencies },
    packageLock: {
      ...identity,
      lockfileVersion: 3,
      requires: true,
      packages: { '': { ...identity, dependencies }, ...entries },
    },
  };
}
