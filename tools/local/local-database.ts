import { Client } from 'pg';

/** A database per app on the one local server (each app owns its schema); existing ones are kept. */
export async function createDatabases(serverUrl: string, names: readonly string[]): Promise<void> {
  const admin = new Client({ connectionString: serverUrl });
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
}
