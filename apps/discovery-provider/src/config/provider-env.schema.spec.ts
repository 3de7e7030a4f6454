import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '@gatehouse/platform';
import { providerConfigFrom } from './provider-config';

const base = {
  DISCOVERY_AUTH_JWKS_URL: 'http://auth.test/.well-known/jwks.json',
  DISCOVERY_AUTH_ISSUER: 'http://auth.test',
};

describe('the provider environment', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'provider-env-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports every bad variable in one error, one line each', () => {
    let error: unknown;
    try {
      providerConfigFrom({ ...base, DISCOVERY_TTL_MS: 'soon', DISCOVERY_TRUSTED_PROXIES: '10.0.0.0/99' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as ConfigError).message.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.find((l) => l.includes('DISCOVERY_TTL_MS'))).toMatch(/^config error: DISCOVERY_TTL_MS: /);
    expect(lines.find((l) => l.includes('DISCOVERY_TRUSTED_PROXIES'))).toMatch(
      /^config error: DISCOVERY_TRUSTED_PROXIES: an address, a CIDR.*\(entry 1\)$/,
    );
  });

  it('reads its secrets from *_FILE variables', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const file = (name: string, content: string) => {
      writeFileSync(path.join(dir, name), `${content}\n`);
      return path.join(dir, name);
    };
    const config = providerConfigFrom({
      ...base,
      DATABASE_URL_FILE: file('db', 'postgres://u:p@db/x'),
      DISCOVERY_AUTH_CLIENT_ID: 'discovery-provider',
      DISCOVERY_AUTH_CLIENT_SECRET_FILE: file('secret', 's3cret'),
      DISCOVERY_KEY_ENCRYPTION_KEY_FILE: file('key', key),
    });
    expect([config.databaseUrl, config.auth.client?.secret, config.keys.encryptionKey]).toEqual([
      'postgres://u:p@db/x',
      's3cret',
      key,
    ]);
  });

  it('still takes DISCOVERY_DATA_DIR and the replay window in seconds, under their old names', () => {
    const config = providerConfigFrom({
      ...base,
      DISCOVERY_DATA_DIR: dir,
      DISCOVERY_SERVICE_TOKEN_MAX_AGE_SEC: '60',
    });
    expect(config.dataDir).toBe(dir);
    expect(config.registration.serviceTokenMaxAgeSec).toBe(60);
  });
});
