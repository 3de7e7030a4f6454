import { createTestDatabase } from '@gatehouse/testing';
import { openDataSource, runMigrations, schemaMatchesMigrations } from '@gatehouse/persistence';
import {
  DISCOVERY_MIGRATIONS_TABLE,
  discoveryEntities,
  discoveryMigrations,
} from '../src/persistence/entities';

describe('discovery provider schema', () => {
  it('entities describe exactly what the migrations create', async () => {
    const db = await createTestDatabase('discovery_schema');
    const dataSource = await openDataSource({
      url: db.url,
      migrationsTableName: DISCOVERY_MIGRATIONS_TABLE,
      entities: discoveryEntities,
      migrations: discoveryMigrations,
    });
    try {
      await runMigrations(dataSource);
      expect(await schemaMatchesMigrations(dataSource)).toEqual([]);
      const [index] = (await dataSource.query(
        `SELECT indexdef FROM pg_indexes WHERE indexname = 'IDX_discovery_instance_permissions'`,
      )) as { indexdef: string }[];
      expect(index?.indexdef).toContain('USING gin');
      // No pending list: caller lookups would scan it whole (see the migration).
      expect(index?.indexdef).toContain('fastupdate=off');
    } finally {
      await dataSource.destroy();
      await db.drop();
    }
  });
});
