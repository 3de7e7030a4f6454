import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Code and READMEs cite the protocol document by section (`PROTOCOL.md 3.2`, `PROTOCOL 1.2-1.3`);
 * every section cited must exist in docs/PROTOCOL.md, so a renumbering cannot leave comments
 * pointing nowhere.
 */
const root = path.resolve(__dirname, '../..');
const CITATION = /PROTOCOL(?:\.md)?\s+(?:section\s+|§\s*)?(\d+(?:\.\d+)?)(?:\s*-\s*(\d+(?:\.\d+)?))?/g;

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (/\.(ts|md|js)$/.test(entry.name)) yield full;
  }
}

describe('citations of docs/PROTOCOL.md', () => {
  const document = readFileSync(path.join(root, 'docs/PROTOCOL.md'), 'utf8');
  const sections = new Set([...document.matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)].map((m) => m[1]));

  it('has numbered sections', () => {
    expect(sections).toContain('1.1');
    expect(sections).toContain('3.3');
  });

  it('are all to sections that exist', () => {
    const missing: string[] = [];
    for (const top of ['apps', 'libs', 'tools', 'examples', 'README.md']) {
      const start = path.join(root, top);
      for (const file of top.endsWith('.md') ? [start] : files(start)) {
        for (const match of readFileSync(file, 'utf8').matchAll(CITATION)) {
          for (const section of [match[1], match[2]]) {
            if (section !== undefined && !sections.has(section))
              missing.push(`${path.relative(root, file)}: ${match[0]}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
