export {
  freePort,
  startEmbeddedPostgres,
  type LocalPostgres,
  type EmbeddedPostgresOptions,
} from './embedded-postgres';
export { resolveDatabase, withDatabase, defaultDataDir } from './database-url';
export {
  dataSourceOptions,
  openDataSource,
  runMigrations,
  schemaMatchesMigrations,
  type DataSourceSettings,
  type DatabaseSchema,
} from './data-source';
export { migrateCommand, type MigrateCommandOptions } from './migrate-command';
export { PersistenceModule, type PersistenceOptions } from './persistence.module';
export { DATABASE_RETRY_AFTER_SEC, isDatabaseUnavailable } from './database-unavailable';
