import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keepOrCreate, writeSecret } from './secret-files';

/** Configuration tokens and secrets are readable by their owner only, whatever was there before. */
describe('secret files', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-secret-files-'));
  const owner = process.getuid?.();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const modeOf = (file: string) => statSync(file).mode & 0o777;

  it('writes a token 0400 even over a leftover temporary file that others could read', () => {
    const file = path.join(dir, 'configuration-token');
    writeFileSync(path.join(dir, `.configuration-token.${process.pid}.tmp`), 'stale', { mode: 0o644 });
    writeSecret(file, 'token', owner);
    expect({ content: readFileSync(file, 'utf8'), mode: modeOf(file) }).toEqual({
      content: 'token',
      mode: 0o400,
    });
  });

  it('keeps an existing secret but makes it owner-only', () => {
    const file = path.join(dir, 'client-secret');
    writeFileSync(file, 'kept', { mode: 0o644 });
    expect(keepOrCreate(file, owner, () => 'new')).toBe('kept');
    expect(modeOf(file)).toBe(0o400);
  });
});
