import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestDatabase, startAppInProcess, type TestDatabase } from '@gatehouse/testing';
import { AppModule } from '../../src/app.module';
import { type AuthConfig, authConfigFrom } from '../../src/config';
import { authHttpOptions } from '../../src/http-options';
import { TEST_BOOTSTRAP } from './fixtures';

export const ISSUER = 'http://auth.test';

/** One suite's world: its own database, data folder and key-encryption key, shared by restarts. */
export interface AuthTestEnv {
  db: TestDatabase;
  env: Record<string, string>;
  dispose(): Promise<void>;
}

export interface RunningAuthApp {
  url: string;
  config: AuthConfig;
  app: NestFastifyApplication;
  close(): Promise<void>;
}

export async function createAuthTestEnv(
  prefix: string,
  overrides: Record<string, string> = {},
): Promise<AuthTestEnv> {
  const db = await createTestDatabase(prefix);
  const dir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const bootstrapFile = path.join(dir, 'bootstrap.json');
  writeFileSync(bootstrapFile, JSON.stringify(TEST_BOOTSTRAP));
  const env = {
    DATABASE_URL: db.url,
    AUTH_ISSUER: ISSUER,
    AUTH_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    AUTH_BOOTSTRAP_FILE: bootstrapFile,
    GATEHOUSE_DATA_DIR: dir,
    AUTH_DB_POOL_SIZE: '10',
    // Suites make many requests from one IP and fail on purpose; throttling has its own suite.
    AUTH_THROTTLE_IP_LIMIT: '100000',
    AUTH_THROTTLE_FREE_FAILURES: '100000',
    ...overrides,
  };
  return {
    db,
    env,
    dispose: async () => {
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The real app, as `main.ts` builds it (fastify), on a free loopback port. */
export async function startAuthApp(env: Record<string, string>): Promise<RunningAuthApp> {
  const config = authConfigFrom(env);
  const running = await startAppInProcess<NestFastifyApplication>(
    AppModule.register(config),
    authHttpOptions(config),
    { logger: ['error'] },
  );
  return { ...running, config };
}
