import { type DynamicModule, Module } from '@nestjs/common';
import { PersistenceModule } from '@gatehouse/persistence';
import { PlatformModule } from '@gatehouse/platform';
import { ProtocolAuthModule } from '@gatehouse/protocol';
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

/** The discovery provider: PROTOCOL.md section 1. */
@Module({})
export class AppModule {
  static forRoot(config: ProviderConfig): DynamicModule {
    return {
      module: AppModule,
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
