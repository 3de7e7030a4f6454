import path from 'node:path';
import { ConfigError } from '@gatehouse/platform';
import { localSettings } from './local-settings';

const root = path.resolve('/repo');

describe('npm start settings', () => {
  it('uses the default ports and folder, pretty logs on a terminal and JSON elsewhere', () => {
    expect(localSettings({}, root, true)).toEqual({
      ports: { auth: 7100, provider: 7000, facade: 7300, gate: 8080, connector: 8081, web: 8090 },
      dbPrefix: 'gatehouse',
      dataDir: path.join(root, '.data'),
      databaseUrl: undefined,
      logFormat: 'pretty',
    });
    expect(localSettings({}, root, false).logFormat).toBe('json');
    expect(localSettings({ GATEHOUSE_LOG_FORMAT: 'json' }, root, true).logFormat).toBe('json');
    expect(localSettings({ GATEHOUSE_LOG_FORMAT: 'pretty' }, root, false).logFormat).toBe('pretty');
  });

  it('moves every port with GATEHOUSE_BASE_PORT', () => {
    expect(localSettings({ GATEHOUSE_BASE_PORT: '20000' }, root, false).ports).toEqual({
      auth: 20000,
      provider: 20001,
      facade: 20002,
      gate: 20003,
      connector: 20004,
      web: 20005,
    });
    expect(localSettings({ GATEHOUSE_BASE_PORT: '0' }, root, false).ports.gate).toBe(8080);
  });

  it('refuses a bad variable with one line naming it', () => {
    const refusal = (env: NodeJS.ProcessEnv) => {
      try {
        localSettings(env, root, false);
      } catch (error) {
        if (error instanceof ConfigError) return error.message;
        throw error;
      }
      throw new Error('accepted');
    };
    expect(refusal({ GATEHOUSE_BASE_PORT: 'abc' })).toMatch(/^config error: GATEHOUSE_BASE_PORT: /);
    expect(refusal({ GATEHOUSE_BASE_PORT: '80' })).toBe(
      'config error: GATEHOUSE_BASE_PORT: a port from 1024 to 65529 (the 5 above it are used too), or 0 for the default ports',
    );
    expect(refusal({ GATEHOUSE_BASE_PORT: '65535' })).toMatch(
      /^config error: GATEHOUSE_BASE_PORT: a port from 1024/,
    );
    expect(refusal({ GATEHOUSE_LOG_FORMAT: 'colour' })).toMatch(/^config error: GATEHOUSE_LOG_FORMAT: /);
    expect(refusal({ GATEHOUSE_DB_PREFIX: 'my-db' })).toMatch(
      /^config error: GATEHOUSE_DB_PREFIX: lowercase letters/,
    );
  });
});
