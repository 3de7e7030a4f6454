import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '@gatehouse/platform';
import { authConfigFrom } from './auth-config';

describe('the auth environment', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'auth-env-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports every bad variable in one error, one line each', () => {
    let error: unknown;
    try {
      authConfigFrom({ AUTH_ACCESS_TOKEN_TTL_MS: '10', AUTH_TRUSTED_PROXIES: 'proxy.example' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual([
      'AUTH_ACCESS_TOKEN_TTL_MS',
      'AUTH_TRUSTED_PROXIES',
    ]);
    expect((error as ConfigError).message.split('\n')).toHaveLength(2);
  });

  it('reads its secrets from *_FILE variables', () => {
    const key = Buffer.alloc(32, 9).toString('base64');
    writeFileSync(path.join(dir, 'key'), `${key}\n`);
    writeFileSync(path.join(dir, 'db'), 'postgres://u:p@db/auth\n');
    const config = authConfigFrom({
      AUTH_KEY_ENCRYPTION_KEY_FILE: path.join(dir, 'key'),
      DATABASE_URL_FILE: path.join(dir, 'db'),
    });
    expect([config.keys.encryptionKey, config.databaseUrl]).toEqual([key, 'postgres://u:p@db/auth']);
  });

  it('takes durations in milliseconds, and the old *_SEC names as seconds', () => {
    expect(authConfigFrom({ AUTH_ACCESS_TOKEN_TTL_MS: '60000' }).accessTokenTtlSec).toBe(60);
    // Token lifetimes are whole seconds: a part of one rounds up.
    expect(authConfigFrom({ AUTH_ACCESS_TOKEN_TTL_MS: '1500' }).accessTokenTtlSec).toBe(2);
    const old = authConfigFrom({ AUTH_ACCESS_TOKEN_TTL_SEC: '60', AUTH_THROTTLE_IP_BLOCK_SEC: '7' });
    expect([old.accessTokenTtlSec, old.throttle.ipBlockSec]).toEqual([60, 7]);
  });
});
