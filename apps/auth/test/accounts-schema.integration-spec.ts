import { createTestDatabase, type TestDatabase } from '@gatehouse/testing';
import { openDataSource, runMigrations, schemaMatchesMigrations } from '@gatehouse/persistence';
import type { DataSource } from 'typeorm';
import { accountsEntities, accountsMigrations } from '../src/accounts';

describe('accounts schema', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('accounts_schema');
    ds = await openDataSource({
      url: db.url,
      entities: accountsEntities,
      migrations: accountsMigrations,
      migrationsTableName: 'accounts_schema_migrations',
    });
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('migrations create exactly what the entities describe, and revert cleanly', async () => {
    expect(await runMigrations(ds)).toHaveLength(accountsMigrations.length);
    expect(await schemaMatchesMigrations(ds)).toEqual([]);
    for (let i = 0; i < accountsMigrations.length; i++) await ds.undoLastMigration();
    const left = await ds.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'accounts_schema_migrations'`,
    );
    expect(left).toEqual([]);
  });
});
