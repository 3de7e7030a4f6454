import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadLocalSecrets, writeAuthBootstrap } from './local-secrets';

/** `npm start`'s secrets are readable by their owner only, even when the files already existed. */
describe('local secrets', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-local-secrets-'));
  const dir = path.join(root, 'secrets');
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const modeOf = (file: string) => statSync(path.join(dir, file)).mode & 0o777;

  it('makes secrets.json and auth-bootstrap.json 0600, also over files left readable by others', () => {
    const secrets = loadLocalSecrets(dir);
    expect(modeOf('secrets.json')).toBe(0o600);
    for (const file of ['secrets.json', 'auth-bootstrap.json'])
      writeFileSync(path.join(dir, file), file === 'secrets.json' ? JSON.stringify(secrets) : '{}', {
        mode: 0o644,
      });
    expect(loadLocalSecrets(dir)).toEqual(secrets);
    writeAuthBootstrap(dir, secrets);
    expect([modeOf('secrets.json'), modeOf('auth-bootstrap.json')]).toEqual([0o600, 0o600]);
  });
});
