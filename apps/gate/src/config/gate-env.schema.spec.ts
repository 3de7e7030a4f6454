import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '@gatehouse/platform';
import { gateConfigFrom } from './gate-config';

const base = { GLS_FACADE_CONNECT: 'http://facade.test', GLS_AUTH_CONNECT: 'http://auth.test' };

describe('the gate environment', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gate-env-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports every bad variable in one error, one line each', () => {
    let error: unknown;
    try {
      gateConfigFrom({
        ...base,
        GLS_AUTH_CONNECT: 'auth',
        GATE_FACADE_TIMEOUT_MS: '-1',
        GATE_MAX_BATCH: 'x',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual([
      'GATE_FACADE_TIMEOUT_MS',
      'GATE_MAX_BATCH',
      'GLS_AUTH_CONNECT',
    ]);
    expect((error as ConfigError).message.split('\n')).toHaveLength(3);
  });

  it('reads its secrets from *_FILE variables', () => {
    const file = (name: string, content: string) => {
      writeFileSync(path.join(dir, name), `${content}\n`);
      return path.join(dir, name);
    };
    const config = gateConfigFrom({
      ...base,
      GATE_AUTH_CLIENT_SECRET_FILE: file('secret', 'gate-secret'),
      GATE_FACADE_TOKEN_FILE: file('facade', 'facade-token'),
      GATE_CONNECTOR_TOKENS_FILE: file('connector', 'a,b'),
      GATE_DISCOVERY_TOKEN_FILE: file('discovery', 'configuration-token'),
      DATABASE_URL_FILE: file('db', 'postgres://u:p@db/gate'),
    });
    expect(config.auth.clientSecret).toBe('gate-secret');
    expect(config.facade.token).toBe('facade-token');
    expect(config.connector.tokens).toEqual(['a', 'b']);
    expect(config.discovery?.configurationToken).toBe('configuration-token');
    expect(config.databaseUrl).toBe('postgres://u:p@db/gate');
  });

  it('refuses a secret given both inline and as a file', () => {
    writeFileSync(path.join(dir, 'both'), 'one');
    expect(() =>
      gateConfigFrom({ ...base, GATE_FACADE_TOKEN: 'two', GATE_FACADE_TOKEN_FILE: path.join(dir, 'both') }),
    ).toThrow(
      'config error: GATE_FACADE_TOKEN_FILE: set GATE_FACADE_TOKEN or GATE_FACADE_TOKEN_FILE, not both',
    );
  });
});
