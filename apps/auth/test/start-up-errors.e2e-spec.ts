import { randomBytes } from 'node:crypto';
import { createTestDatabase, freePort, startAppProcess } from '@gatehouse/testing';

jest.setTimeout(60_000);

/** What an operator sees when auth cannot start: one line per problem, exit 1, nothing left running. */
describe('auth start-up errors, as a process', () => {
  const start = async (env: Record<string, string>) => {
    const port = await freePort();
    return startAppProcess({
      app: 'auth',
      port,
      env: { AUTH_PORT: String(port), AUTH_HOST: '127.0.0.1', ...env },
    });
  };
  const failure = async (env: Record<string, string>): Promise<string> => {
    const error = await start(env).then(
      async (app) => {
        await app.stop();
        throw new Error('auth started');
      },
      (e: unknown) => e as Error,
    );
    return error.message;
  };

  it('refuses production without DATABASE_URL and with an all-zero key, naming both variables', async () => {
    const message = await failure({
      NODE_ENV: 'production',
      AUTH_KEY_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
    });
    expect(message).toContain('auth: config error: DATABASE_URL: required when NODE_ENV=production');
    expect(message).toContain('auth: config error: AUTH_KEY_ENCRYPTION_KEY: all 32 bytes are 0x00');
    expect(message).not.toMatch(/\n\s+at /);
  });

  it('stops with one line when the key-encryption key does not open the stored signing keys', async () => {
    const db = await createTestDatabase('auth_kek_mismatch');
    try {
      const first = await start({
        DATABASE_URL: db.url,
        AUTH_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      });
      await first.stop();
      const message = await failure({
        DATABASE_URL: db.url,
        AUTH_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      });
      const lines = message.split('\n').filter((line) => line.startsWith('auth: '));
      expect(lines).toEqual([
        expect.stringMatching(
          /^auth: AUTH_KEY_ENCRYPTION_KEY does not open the signing key \S+ stored in the database/,
        ),
      ]);
      expect(message).not.toContain('Unsupported state or unable to authenticate data');
    } finally {
      await db.drop();
    }
  });
});
