import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { withDatabase } from '@gatehouse/persistence';
import { TEST_SERVER_ENV } from './test-server-env';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one suite on the test server, so suites run in parallel without
 * seeing each other's rows. `serverUrl` names another server than the run's (a suite that
 * stops its own). Migrations create the schema exactly as in production.
 */
export async function createTestDatabase(
  prefix = 'test',
  serverUrl = process.env[TEST_SERVER_ENV],
): Promise<TestDatabase> {
  if (!serverUrl)
    throw new Error(`${TEST_SERVER_ENV} is not set: run integration suites through jest's global setup`);
  const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`));
  return {
    url: withDatabase(serverUrl, name),
    drop: () =>
      withAdmin(serverUrl, (admin) =>
        admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`),
      ),
  };
}

async function withAdmin(url: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
