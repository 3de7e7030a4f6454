import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { envNodeEnv, envPort, productionRules } from './env-types';
import { ConfigError, parseConfig } from './load-config';

const schema = z
  .object({
    APP_PORT: envPort(7000),
    APP_SECRET: z.string().min(8).optional(),
    APP_NAME: z.string().min(1),
    NODE_ENV: envNodeEnv,
  })
  .superRefine(
    productionRules([
      {
        variable: 'APP_SECRET',
        why: 'a secret is needed',
        check: (v) => (v === 'password' ? 'a well-known value' : undefined),
      },
    ]),
  )
  .transform((env) => ({ ...env, greeting: `hi ${env.APP_NAME}` }));

describe('parseConfig', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const problems = (env: NodeJS.ProcessEnv) => {
    try {
      parseConfig(schema, env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems.map((p) => `${p.variable}: ${p.expected}`);
      throw error;
    }
    return [];
  };

  it('reads X_FILE for a declared variable X (Docker secrets), through transforms, dropping one newline', () => {
    const config = parseConfig(schema, { APP_NAME: 'x', APP_SECRET_FILE: file('secret', 's3cret-value\n') });
    expect(config.APP_SECRET).toBe('s3cret-value');
    expect(config.greeting).toBe('hi x');
  });

  it('refuses X and X_FILE together, and an unreadable file, naming the _FILE variable', () => {
    expect(
      problems({ APP_NAME: 'x', APP_SECRET: 'inline-secret', APP_SECRET_FILE: file('s2', 'other-secret') }),
    ).toEqual(['APP_SECRET_FILE: set APP_SECRET or APP_SECRET_FILE, not both']);
    expect(problems({ APP_NAME: 'x', APP_SECRET_FILE: path.join(dir, 'missing') })).toEqual([
      `APP_SECRET_FILE: a readable file (${path.join(dir, 'missing')}: ENOENT)`,
    ]);
  });

  it('reports every bad variable at once, one line each', () => {
    const error = (() => {
      try {
        parseConfig(schema, { APP_PORT: 'abc', APP_SECRET: 'short' });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('no error');
    })();
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['APP_NAME', 'APP_PORT', 'APP_SECRET']);
    expect(error.message.split('\n')).toHaveLength(3);
    expect(error.message).toMatch(/^config error: /);
  });

  it('applies production rules only when NODE_ENV=production', () => {
    expect(problems({ APP_NAME: 'x' })).toEqual([]);
    expect(problems({ APP_NAME: 'x', NODE_ENV: 'production' })).toEqual([
      'APP_SECRET: required when NODE_ENV=production: a secret is needed',
    ]);
    expect(problems({ APP_NAME: 'x', NODE_ENV: 'production', APP_SECRET: 'password' })).toEqual([
      'APP_SECRET: a well-known value (refused when NODE_ENV=production)',
    ]);
    expect(problems({ APP_NAME: 'x', NODE_ENV: 'production', APP_SECRET: 'long-random-secret' })).toEqual([]);
  });
});
