import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from '@gatehouse/testing';

/** Every dependency is either used and explained in the README, or gone: nothing is installed by accident. */
describe('package.json dependencies', () => {
  const root = repositoryRoot();
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<
    'dependencies' | 'devDependencies' | 'optionalDependencies',
    Record<string, string>
  >;
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = /\n## Dependencies\n([\s\S]*?)(\n## |$)/.exec(readme)?.[1] ?? '';
  const explained = new Set(
    section
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| package'))
      .flatMap((line) => [...line.split(' | ')[0]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)),
  );

  it('each has a row in the README section "Dependencies" saying why it is there', () => {
    const names = [manifest.dependencies, manifest.devDependencies, manifest.optionalDependencies].flatMap(
      (deps) => Object.keys(deps),
    );
    expect(names.length).toBeGreaterThan(20);
    expect(names.filter((name) => !explained.has(name))).toEqual([]);
  });
});
