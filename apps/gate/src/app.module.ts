import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryClientModule } from '@gatehouse/discovery-client';
import { PersistenceModule } from '@gatehouse/persistence';
import { PlatformModule } from '@gatehouse/platform';
import { AuthorizationService } from './authorization/authorization.service';
import { type GateConfig, GateConfigModule } from './config';
import { CallDispatcher } from './connections/call-dispatcher.service';
import { ClientListener } from './connections/client-listener.service';
import { ConnectionRegistry } from './connections/connection-registry.service';
import { ChannelDirectoryRepository } from './connector/channel-directory.repository';
import { ChannelDirectory } from './connector/channel-directory.service';
import { ConnectorAuthGuard } from './connector/connector-auth.guard';
import { ConnectorController } from './connector/connector.controller';
import { ConnectorService } from './connector/connector.service';
import { TransferService } from './connector/transfer.service';
import { GATE_MIGRATIONS_TABLE, gateSchema } from './database/gate-schema';
import { ApiDocument } from './discovery-doc/api-document.service';
import { OpenRpcController } from './discovery-doc/openrpc.controller';
import { discoveryFacadeTarget, directFacadeTarget } from './forwarding/facade-target.provider';
import { ForwardingService } from './forwarding/forwarding.service';
import { GateShutdown } from './gate-shutdown.service';
import { GateMetrics } from './metrics/gate-metrics.service';
import { DailyStatsRepository } from './stats/daily-stats.repository';
import { DailyStatsService } from './stats/daily-stats.service';
import { StatsController } from './stats/stats.controller';

/** The gate: client WebSocket listener, connector HTTP app (transfer, health, metrics, stats). */
@Module({})
export class AppModule {
  static register(config: GateConfig): DynamicModule {
    const discovery = config.discovery;
    return {
      module: AppModule,
      imports: [
        GateConfigModule.forRoot(config),
        PlatformModule.forRoot({ service: 'gate', database: true }),
        PersistenceModule.forRoot({
          databaseUrl: config.databaseUrl,
          runMigrations: config.runMigrations,
          migrationsTableName: GATE_MIGRATIONS_TABLE,
          poolSize: config.dbPoolSize,
          ...gateSchema,
        }),
        ...(discovery
          ? [
              DiscoveryClientModule.forRoot({
                configurationToken: discovery.configurationToken,
                host: discovery.publicUrl ?? `http://127.0.0.1:${config.connector.port}`,
              }),
            ]
          : []),
      ],
      controllers: [ConnectorController, StatsController, OpenRpcController],
      providers: [
        discovery ? discoveryFacadeTarget(config) : directFacadeTarget(config),
        ConnectionRegistry,
        GateMetrics,
        AuthorizationService,
        ForwardingService,
        ApiDocument,
        CallDispatcher,
        ClientListener,
        ChannelDirectoryRepository,
        ChannelDirectory,
        TransferService,
        ConnectorService,
        ConnectorAuthGuard,
        DailyStatsRepository,
        DailyStatsService,
        GateShutdown,
      ],
    };
  }
}
