import { loadConfig } from '@gatehouse/platform';
import { migrateCommand } from '@gatehouse/persistence';
import { authEnvSchema, toAuthConfig } from './config';
import { AUTH_MIGRATIONS_TABLE, authSchema } from './database/auth-schema';

/** `npm run migrate:auth`: applies the auth app's pending migrations and exits. */
const config = toAuthConfig(loadConfig(authEnvSchema));
void migrateCommand({
  app: 'auth',
  databaseUrl: config.databaseUrl,
  migrationsTableName: AUTH_MIGRATIONS_TABLE,
  ...authSchema,
}).then((code) => process.exit(code));
