import path from 'node:path';
import { startEmbeddedPostgres, type LocalPostgres } from './embedded-postgres';

/** Where the local embedded cluster keeps its files (git-ignored, reused across runs). */
export const defaultDataDir = (): string =>
  path.resolve(process.env['GATEHOUSE_DATA_DIR'] ?? '.data', 'postgres');

/**
 * The database to use: `DATABASE_URL` when set, otherwise an embedded PostgreSQL under the data
 * folder, started on demand (or joined, when another local app already started it).
 */
export async function resolveDatabase(databaseUrl: string | undefined): Promise<LocalPostgres> {
  if (databaseUrl) return { url: databaseUrl, owned: false, stop: async () => undefined };
  return startEmbeddedPostgres({ dataDir: defaultDataDir() });
}

/** The same server, another database on it. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
