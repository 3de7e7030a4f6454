import { type DynamicModule, Module } from '@nestjs/common';
import { PersistenceModule } from '@gatehouse/persistence';
import { PlatformModule, componentLogger } from '@gatehouse/platform';
import { httpRevocationSource, ProtocolAuthModule, RevocationList } from '@gatehouse/protocol';
import { PROVIDER_CONFIG, type ProviderConfig } from './config/provider-config';
import { ConfigurationTokensModule } from './configuration-tokens/configuration-tokens.module';
import { DeliveryModule } from './delivery/delivery.module';
import { ExplorerModule } from './explorer/explorer.module';
import { KeysModule } from './keys/keys.module';
import { LivenessModule } from './liveness/liveness.module';
import { DISCOVERY_MIGRATIONS_TABLE, discoveryEntities, discoveryMigrations } from './persistence/entities';
import { RegistrationModule } from './registration/registration.module';
import { RegistryModule } from './registry/registry.module';

@Module({})
class ConfigModule {
  static forRoot(config: ProviderConfig): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: PROVIDER_CONFIG, useValue: config }],
      exports: [PROVIDER_CONFIG],
    };
  }
}

/**
 * Auth's revocation feed for the admin guard, read with the provider's own client credentials;
 * a Nest provider, so it polls from boot to shutdown. Undefined without credentials.
 */
function adminRevocations(config: ProviderConfig): RevocationList | undefined {
  const logger = componentLogger('Revocations');
  const { DISCOVERY_AUTH_CLIENT_ID: clientId, DISCOVERY_AUTH_CLIENT_SECRET: clientSecret } = config;
  if (clientId === undefined || clientSecret === undefined) {
    logger.warn('DISCOVERY_AUTH_CLIENT_ID/SECRET unset: revoked admin tokens stay good until they expire');
    return undefined;
  }
  return new RevocationList({
    source: httpRevocationSource({ url: config.DISCOVERY_AUTH_REVOCATIONS_URL, clientId, clientSecret }),
    pollMs: config.DISCOVERY_REVOCATION_POLL_MS,
    onError: (error) =>
      logger.warn({ err: error }, 'could not reload revocations from auth; the last list stays in force'),
  });
}

const ADMIN_REVOCATIONS = Symbol('ADMIN_REVOCATIONS');

/** The discovery provider: PROTOCOL.md section 1. */
@Module({})
export class AppModule {
  static forRoot(config: ProviderConfig): DynamicModule {
    const revocations = adminRevocations(config);
    return {
      module: AppModule,
      providers: revocations ? [{ provide: ADMIN_REVOCATIONS, useFactory: () => revocations }] : [],
      imports: [
        ConfigModule.forRoot(config),
        PlatformModule.forRoot({ service: 'discovery-provider', database: true }),
        PersistenceModule.forRoot({
          databaseUrl: config.DATABASE_URL,
          runMigrations: true,
          migrationsTableName: DISCOVERY_MIGRATIONS_TABLE,
          entities: discoveryEntities,
          migrations: discoveryMigrations,
          poolSize: config.DISCOVERY_DB_POOL_SIZE,
        }),
        ProtocolAuthModule.forRoot({
          jwksUrl: config.DISCOVERY_AUTH_JWKS_URL,
          issuer: config.DISCOVERY_AUTH_ISSUER,
          audience: config.DISCOVERY_AUTH_AUDIENCE,
          ...(revocations ? { revocations } : {}),
        }),
        KeysModule,
        RegistryModule,
        ConfigurationTokensModule,
        RegistrationModule,
        DeliveryModule,
        LivenessModule,
        ExplorerModule,
      ],
    };
  }
}
