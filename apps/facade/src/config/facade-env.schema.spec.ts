import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '@gatehouse/platform';
import { facadeConfigFrom } from './facade-config';

describe('the facade environment', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'facade-env-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports every bad variable in one error, one line each', () => {
    let error: unknown;
    try {
      facadeConfigFrom({ FACADE_PORT: '70000', FACADE_REREGISTER_AFTER_MS: 'later' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual([
      'FACADE_CONFIGURATION_TOKEN',
      'FACADE_PORT',
      'FACADE_REREGISTER_AFTER_MS',
    ]);
    expect((error as ConfigError).message.split('\n')).toHaveLength(3);
  });

  it('reads its configuration token from FACADE_CONFIGURATION_TOKEN_FILE', () => {
    writeFileSync(path.join(dir, 'token'), 'a.b.c\n');
    expect(
      facadeConfigFrom({ FACADE_CONFIGURATION_TOKEN_FILE: path.join(dir, 'token') }).configurationToken,
    ).toBe('a.b.c');
  });
});
