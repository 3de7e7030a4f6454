import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { resolveDatabase } from './database-url';
import { type DatabaseSchema, dataSourceOptions, runMigrations } from './data-source';
import type { LocalPostgres } from './embedded-postgres';

export interface PersistenceOptions extends DatabaseSchema {
  /** `DATABASE_URL`; when undefined an embedded PostgreSQL is started (local runs and tests). */
  databaseUrl: string | undefined;
  /** Apply pending migrations while the app starts. */
  runMigrations: boolean;
  migrationsTableName: string;
  poolSize?: number;
}

const DATABASE_SERVER = Symbol('DATABASE_SERVER');

@Injectable()
class DatabaseServerLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(DATABASE_SERVER) private readonly server: Promise<LocalPostgres>,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    // Close the pool before stopping an embedded server, whatever order Nest runs the hooks in.
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await (await this.server).stop();
  }
}

/** The app's database: TypeORM on PostgreSQL, migrations applied at start when asked. */
@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceOptions): DynamicModule {
    let server: Promise<LocalPostgres> | undefined;
    // One server per module instance, shared by TypeORM and the shutdown hook.
    const serverProvider = {
      provide: DATABASE_SERVER,
      useFactory: () => (server ??= resolveDatabase(options.databaseUrl)),
    };
    return {
      module: PersistenceModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          extraProviders: [serverProvider],
          inject: [DATABASE_SERVER],
          useFactory: async (pending: Promise<LocalPostgres>) => ({
            ...dataSourceOptions({ ...options, url: (await pending).url }),
            retryAttempts: 3,
            retryDelay: 1000,
          }),
          dataSourceFactory: async (config) => {
            const dataSource = await new DataSource(config!).initialize();
            if (options.runMigrations) await runMigrations(dataSource);
            return dataSource;
          },
        }),
      ],
      providers: [serverProvider, DatabaseServerLifecycle],
      exports: [TypeOrmModule],
    };
  }
}
