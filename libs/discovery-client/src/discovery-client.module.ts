import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { DiscoveryClient } from './client/discovery-client';
import {
  DISCOVERY_CLIENT_OPTIONS,
  type DiscoveryClientAsyncOptions,
  type DiscoveryClientOptions,
  resolveDiscoveryOptions,
} from './discovery-client.options';
import { discoveryProviders } from './discovery-client.providers';
import { discoveryReadiness, READINESS_PROBE } from './discovery-readiness';
import { DiscoveryLifecycle } from './discovery-lifecycle.service';
import { DiscoveryAllowsGuard } from './guard/discovery-allows.guard';

/**
 * Joins this service to Gatehouse discovery (PROTOCOL.md 1): registers, answers the provider on the
 * gate host, keeps permissions and allows, and offers `DiscoveryClient` and `DiscoveryAllowsGuard`
 * to the whole app (global).
 */
@Module({})
export class DiscoveryClientModule {
  static forRoot(options: DiscoveryClientOptions): DynamicModule {
    return DiscoveryClientModule.build([], {
      provide: DISCOVERY_CLIENT_OPTIONS,
      useValue: resolveDiscoveryOptions(options),
    });
  }

  static forRootAsync(options: DiscoveryClientAsyncOptions): DynamicModule {
    return DiscoveryClientModule.build(options.imports ?? [], {
      provide: DISCOVERY_CLIENT_OPTIONS,
      inject: options.inject ?? [],
      useFactory: async (...args: unknown[]) => resolveDiscoveryOptions(await options.useFactory(...args)),
    });
  }

  private static build(
    imports: NonNullable<DiscoveryClientAsyncOptions['imports']>,
    optionsProvider: Provider,
  ): DynamicModule {
    return {
      module: DiscoveryClientModule,
      global: true,
      imports,
      providers: [
        optionsProvider,
        ...discoveryProviders,
        DiscoveryLifecycle,
        DiscoveryClient,
        DiscoveryAllowsGuard,
        discoveryReadiness,
      ],
      exports: [
        DISCOVERY_CLIENT_OPTIONS,
        DiscoveryClient,
        DiscoveryAllowsGuard,
        DiscoveryLifecycle,
        READINESS_PROBE,
      ],
    };
  }
}
