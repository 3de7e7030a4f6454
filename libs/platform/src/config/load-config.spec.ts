import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { renamedVariable, secondsVariable, withAliases } from './env-aliases';
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

describe('parseConfig with deprecated names', () => {
  const schema = withAliases(
    z.object({
      APP_DIR: z.string().default('.data'),
      APP_TTL_MS: z.coerce.number().int().min(1).default(5000),
    }),
    [renamedVariable('OLD_DIR', 'APP_DIR'), secondsVariable('APP_TTL_SEC', 'APP_TTL_MS')],
  );
  const parse = (env: NodeJS.ProcessEnv) => {
    const warnings: string[] = [];
    return { config: parseConfig(schema, env, { warn: (line) => warnings.push(line) }), warnings };
  };

  it('reads an old name as the new one, seconds as milliseconds, with a warning for each', () => {
    expect(parse({ OLD_DIR: '/srv/x', APP_TTL_SEC: '30' })).toEqual({
      config: { APP_DIR: '/srv/x', APP_TTL_MS: 30_000 },
      warnings: [
        'config warning: OLD_DIR is deprecated: use APP_DIR',
        'config warning: APP_TTL_SEC is deprecated: use APP_TTL_MS',
      ],
    });
    expect(parse({})).toEqual({ config: { APP_DIR: '.data', APP_TTL_MS: 5000 }, warnings: [] });
  });

  it('accepts both names set alike, and names every conflicting or malformed alias at once', () => {
    expect(parse({ OLD_DIR: '/srv/x', APP_DIR: '/srv/x' }).config.APP_DIR).toBe('/srv/x');
    expect(() => parse({ OLD_DIR: '/srv/x', APP_DIR: '/srv/y', APP_TTL_SEC: '1.5' })).toThrow(
      new ConfigError([
        { variable: 'OLD_DIR', expected: 'set APP_DIR or OLD_DIR, not both' },
        { variable: 'APP_TTL_SEC', expected: 'a whole number of seconds (an alias of APP_TTL_MS)' },
      ]),
    );
  });
});
