import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryClientModule } from '@gatehouse/discovery-client';
import { PlatformModule } from '@gatehouse/platform';
import { FACADE_CONFIG, type FacadeConfig } from './config/facade-config';
import { RpcModule } from './rpc/rpc.module';

/** The example backend: answers the gate's forwarded calls and pushes through its connector. */
@Module({})
export class AppModule {
  static forRoot(config: FacadeConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ service: 'facade', database: false }),
        DiscoveryClientModule.forRoot({
          configurationToken: config.configurationToken,
          host: config.publicUrl,
          gateHost: config.gateHost,
          trustProxy: config.trustedProxies.length > 0,
          relaxIpCheck: config.relaxIpCheck,
          callerRateLimit: config.callerRateLimit,
          reRegisterAfterMs: config.reRegisterAfterMs,
        }),
        ConfigHolder.forRoot(config),
        RpcModule,
      ],
    };
  }
}

@Module({})
class ConfigHolder {
  static forRoot(config: FacadeConfig): DynamicModule {
    return { module: ConfigHolder, global: true, providers: [{ provide: FACADE_CONFIG, useValue: config }], exports: [FACADE_CONFIG] };
  }
}
