import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';

export interface DatabaseSchema {
  // TypeORM's own list types: entity classes and migration classes of one app.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

export interface DataSourceSettings extends DatabaseSchema {
  url: string;
  /** Name of the table of applied migrations; each app keeps its own so apps can share a database. */
  migrationsTableName: string;
  poolSize?: number;
}

/** One definition of the connection, shared by the app and its migration command. */
export function dataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: settings.entities,
    migrations: settings.migrations,
    migrationsTableName: settings.migrationsTableName,
    // Schema changes only ever come from migrations.
    synchronize: false,
    migrationsRun: false,
    extra: { max: settings.poolSize ?? 10 },
  };
}

/** Applies pending migrations and reports which ran. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}

/** True when the entities describe exactly what the migrations create (CI checks this). */
export async function schemaMatchesMigrations(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((q) => q.query);
}

export async function openDataSource(settings: DataSourceSettings): Promise<DataSource> {
  return new DataSource(dataSourceOptions(settings)).initialize();
}
