import { type DynamicModule, Module } from '@nestjs/common';
import { PersistenceModule } from '@gatehouse/persistence';
import { PlatformModule } from '@gatehouse/platform';
import { ProtocolAuthModule } from '@gatehouse/protocol';
import { AccountsModule } from './accounts';
import { type AuthConfig, AuthConfigModule } from './config';
import { AUTH_MIGRATIONS_TABLE, authSchema } from './database/auth-schema';
import { KeyRing, KeysModule } from './keys';
import { OAuthModule } from './oauth/oauth.module';
import { ringResolver } from './oauth/tokens/key-resolver';
import { LocalRevocations } from './revocations/local-revocations';
import { RevocationsModule } from './revocations/revocations.module';

/** The auth app, built from a validated config object (`main.ts` reads the environment; tests pass objects). */
@Module({})
export class AppModule {
  static register(config: AuthConfig): DynamicModule {
    const accounts = AccountsModule.register({
      bootstrapFile: config.bootstrapFile,
      bootstrapMode: config.bootstrapMode,
      throttle: config.throttle,
      clientCacheTtlMs: config.clientCacheTtlMs,
      hashConcurrency: config.hashConcurrency,
      gateClients: config.gateClients,
    });
    return {
      module: AppModule,
      imports: [
        AuthConfigModule.forRoot(config),
        PlatformModule.forRoot({ service: 'auth', database: true }),
        PersistenceModule.forRoot({
          ...authSchema,
          databaseUrl: config.databaseUrl,
          runMigrations: config.runMigrations,
          migrationsTableName: AUTH_MIGRATIONS_TABLE,
          poolSize: config.dbPoolSize,
        }),
        // Admin endpoints check our own access tokens against the key ring, not over HTTP.
        ProtocolAuthModule.forRootAsync({
          imports: [KeysModule, RevocationsModule],
          inject: [KeyRing, LocalRevocations],
          useFactory: (ring: KeyRing, revocations: LocalRevocations) => ({
            keys: ringResolver(ring),
            issuer: config.issuer,
            audience: config.audience,
            revocations,
          }),
        }),
        KeysModule,
        accounts,
        OAuthModule.register(accounts),
      ],
    };
  }
}
