import { migrateCommand } from '@gatehouse/persistence';
import { loadConfig } from '@gatehouse/platform';
import { z } from 'zod';
import { DISCOVERY_MIGRATIONS_TABLE, discoveryEntities, discoveryMigrations } from './persistence/entities';

// Migrating needs the database only, not the whole provider configuration.
const env = loadConfig(z.object({ DATABASE_URL: z.string().min(1).optional() }));

/** `npm run migrate:discovery-provider`: applies the provider's pending migrations and exits. */
void migrateCommand({
  app: 'discovery-provider',
  databaseUrl: env.DATABASE_URL,
  migrationsTableName: DISCOVERY_MIGRATIONS_TABLE,
  entities: discoveryEntities,
  migrations: discoveryMigrations,
}).then((code) => process.exit(code));
