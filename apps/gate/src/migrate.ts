import { migrateCommand } from '@gatehouse/persistence';
import { loadConfig } from '@gatehouse/platform';
import { gateEnvSchema, toGateConfig } from './config';
import { GATE_MIGRATIONS_TABLE, gateSchema } from './database/gate-schema';

/** `npm run migrate:gate`: applies the gate's pending migrations and exits. */
const config = toGateConfig(loadConfig(gateEnvSchema));
void migrateCommand({
  app: 'gate',
  databaseUrl: config.databaseUrl,
  migrationsTableName: GATE_MIGRATIONS_TABLE,
  ...gateSchema,
}).then((code) => process.exit(code));
