import { type DynamicModule, Module } from '@nestjs/common';
import { PersistenceModule } from '@gatehouse/persistence';
import { PlatformModule, componentLogger } from '@gatehouse/platform';
import { httpRevocationSource, ProtocolAuthModule, RevocationList } from '@gatehouse/protocol';
import { type ProviderConfig, ProviderConfigModule } from './config';
import { ConfigurationTokensModule } from './configuration-tokens/configuration-tokens.module';
import { DeliveryModule } from './delivery/delivery.module';
import { ExplorerModule } from './explorer/explorer.module';
import { KeysModule } from './keys/keys.module';
import { LivenessModule } from './liveness/liveness.module';
import { DISCOVERY_MIGRATIONS_TABLE, discoveryEntities, discoveryMigrations } from './persistence/entities';
import { RegistrationModule } from './registration/registration.module';
import { RegistryModule } from './registry/registry.module';

/**
 * Auth's revocation feed for the admin guard, read with the provider's own client credentials;
 * a Nest provider, so it polls from boot to shutdown. Undefined without credentials.
 */
function adminRevocations(config: ProviderConfig): RevocationList | undefined {
  const logger = componentLogger('Revocations');
  const client = config.auth.client;
  if (client === undefined) {
    logger.warn('DISCOVERY_AUTH_CLIENT_ID/SECRET unset: revoked admin tokens stay good until they expire');
    return undefined;
  }
  return new RevocationList({
    source: httpRevocationSource({
      url: config.auth.revocationsUrl,
      clientId: client.id,
      clientSecret: client.secret,
    }),
    pollMs: config.auth.revocationPollMs,
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
        ProviderConfigModule.forRoot(config),
        PlatformModule.forRoot({ service: 'discovery-provider', database: true }),
        PersistenceModule.forRoot({
          databaseUrl: config.databaseUrl,
          runMigrations: true,
          migrationsTableName: DISCOVERY_MIGRATIONS_TABLE,
          entities: discoveryEntities,
          migrations: discoveryMigrations,
          poolSize: config.dbPoolSize,
        }),
        ProtocolAuthModule.forRoot({
          jwksUrl: config.auth.jwksUrl,
          issuer: config.auth.issuer,
          audience: config.auth.audience,
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
