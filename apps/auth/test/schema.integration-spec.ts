import { createTestDatabase, type TestDatabase } from '@gatehouse/testing';
import { openDataSource, runMigrations, schemaMatchesMigrations } from '@gatehouse/persistence';
import type { DataSource } from 'typeorm';
import { AUTH_MIGRATIONS_TABLE, authSchema } from '../src/database/auth-schema';

describe('auth schema', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('auth_schema');
    ds = await openDataSource({ ...authSchema, url: db.url, migrationsTableName: AUTH_MIGRATIONS_TABLE });
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('entities match the migrations exactly', async () => {
    await runMigrations(ds);
    expect(await schemaMatchesMigrations(ds)).toEqual([]);
  });

  it('migrations run again as a no-op and revert cleanly', async () => {
    expect(await runMigrations(ds)).toEqual([]);
    await ds.undoLastMigration();
    expect(await runMigrations(ds)).toEqual(['RefreshRotateFunction1764700000000']);
  });
});
