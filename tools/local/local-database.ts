import { Client } from 'pg';
import { resolveDatabase, withDatabase, type LocalPostgres } from '@gatehouse/persistence';

/** One PostgreSQL server for the local system, one database per app (each owns its schema). */
export async function prepareDatabases(
  databaseUrl: string | undefined,
  names: readonly string[],
): Promise<{ server: LocalPostgres; urls: Record<string, string> }> {
  const server = await resolveDatabase(databaseUrl);
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  try {
    const existing = await admin.query<{ datname: string }>('SELECT datname FROM pg_database');
    const have = new Set(existing.rows.map((r) => r.datname));
    for (const name of names) {
      if (!have.has(name)) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
    }
  } finally {
    await admin.end();
  }
  return { server, urls: Object.fromEntries(names.map((n) => [n, withDatabase(server.url, n)])) };
}
