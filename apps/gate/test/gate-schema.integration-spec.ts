import { createTestDatabase } from '@gatehouse/testing';
import { openDataSource, runMigrations, schemaMatchesMigrations } from '@gatehouse/persistence';
import { GATE_MIGRATIONS_TABLE, gateSchema } from '../src/database/gate-schema';

describe('gate schema', () => {
  it('entities describe exactly what the migrations create', async () => {
    const db = await createTestDatabase('gate_schema');
    const dataSource = await openDataSource({
      url: db.url,
      migrationsTableName: GATE_MIGRATIONS_TABLE,
      ...gateSchema,
    });
    try {
      await runMigrations(dataSource);
      expect(await schemaMatchesMigrations(dataSource)).toEqual([]);
    } finally {
      await dataSource.destroy();
      await db.drop();
    }
  });
});
