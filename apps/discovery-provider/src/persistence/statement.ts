import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { rows } from './rows';

/** A statement of the registration and delivery paths, prepared once per pooled connection. */
export interface Statement {
  /** Unique per text: pg refuses a name it has prepared with another text on that connection. */
  name: string;
  text: string;
}

/**
 * Runs a hot statement straight on the pg pool under TypeORM as a named prepared statement, as
 * auth's grant path does: `DataSource.query` adds a query runner, logger and broadcaster per call,
 * and an unnamed statement is parsed and planned by PostgreSQL on every call. Same pool, same
 * implicit transaction per statement; a failure is pg's own error rather than TypeORM's
 * QueryFailedError (the SQLSTATE is `code` on both, which is all callers read). Falls back to
 * `DataSource.query` for a driver without a pg pool.
 */
export async function runStatement<T>(
  dataSource: DataSource,
  statement: Statement,
  values: unknown[],
): Promise<T[]> {
  const pool = (dataSource.driver as { master?: unknown }).master as Pool | undefined;
  if (!pool || typeof pool.query !== 'function') return rows<T>(dataSource, statement.text, values);
  const result = await pool.query({ name: statement.name, text: statement.text, values });
  return result.rows as T[];
}
