import { openDataSource, type DatabaseSchema, runMigrations } from './data-source';
import { resolveDatabase } from './database-url';

export interface MigrateCommandOptions extends DatabaseSchema {
  /** The app, in the one line printed. */
  app: string;
  databaseUrl: string | undefined;
  migrationsTableName: string;
}

/**
 * The body of every app's `migrate.ts` (`npm run migrate:<app>`, the Nx `migrate` target): applies
 * pending migrations on `DATABASE_URL` (or the local embedded server), prints what ran, and
 * returns the process exit code.
 */
export async function migrateCommand(options: MigrateCommandOptions): Promise<number> {
  const server = await resolveDatabase(options.databaseUrl);
  try {
    const dataSource = await openDataSource({ ...options, url: server.url });
    try {
      const applied = await runMigrations(dataSource);
      process.stdout.write(
        applied.length > 0
          ? `${options.app}: applied ${applied.join(', ')}\n`
          : `${options.app}: schema is up to date\n`,
      );
      return 0;
    } finally {
      await dataSource.destroy();
    }
  } catch (error) {
    process.stderr.write(
      `${options.app}: migration failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  } finally {
    await server.stop();
  }
}
