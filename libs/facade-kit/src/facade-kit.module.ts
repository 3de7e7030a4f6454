import { type DynamicModule, Logger, Module, type Provider, type Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { DiscoveryClientModule } from '@gatehouse/discovery-client';
import { FACADE_KIT_OPTIONS, type FacadeKitOptions, type FacadeMethod } from './facade-kit.options';
import { GateOnlyGuard } from './guard/gate-only.guard';
import { JsonRpcBodyErrorFilter } from './http/json-rpc-body-error';
import { GateLinkServer } from './link/gate-link.server';
import { OfflineMethod } from './offline/offline.method';
import { OfflineNotices } from './offline/offline-notices';
import { JsonRpcDispatcher } from './rpc/json-rpc-dispatcher';
import type { RpcMethod } from './rpc/rpc-method';
import { RpcController } from './rpc/rpc.controller';
import { GateTransfer } from './transfer/gate-transfer';

const isClass = (method: FacadeMethod): method is Type<RpcMethod> => typeof method === 'function';

/**
 * A facade behind the gate in one import: joins discovery, serves the gate's JSON-RPC calls on
 * `POST /` (only with the gate's pair token), answers `offline` and `rpc.discover`, and offers
 * `GateTransfer` (pushes) and `OfflineNotices` to the app.
 */
@Module({})
export class FacadeKitModule {
  static forRoot(options: FacadeKitOptions): DynamicModule {
    const classes = options.methods.filter(isClass);
    const objects = options.methods.filter((method): method is RpcMethod => !isClass(method));
    const logger = new Logger('FacadeKit');
    const dispatcher: Provider = {
      provide: JsonRpcDispatcher,
      inject: [OfflineMethod, ...classes],
      useFactory: (...methods: RpcMethod[]) =>
        new JsonRpcDispatcher(
          [...methods, ...objects],
          options.onInternalError ?? ((method) => logger.error(`method ${method} failed`)),
          options.info,
        ),
    };
    const bodyErrors: Provider[] =
      options.jsonRpcBodyErrors === false ? [] : [{ provide: APP_FILTER, useClass: JsonRpcBodyErrorFilter }];
    const shared = [GateTransfer, OfflineNotices, ...(options.providers ?? [])];
    return {
      module: FacadeKitModule,
      // GateTransfer and OfflineNotices are injected wherever the app pushes or cleans up.
      global: true,
      // The gate is a facade's one caller and carries every client's calls (it limits each client
      // itself), so the per-caller limit meant for service peers is off unless a facade sets it.
      imports: [
        DiscoveryClientModule.forRoot({ callerRateLimit: 0, ...options.discovery }),
        ...(options.imports ?? []),
      ],
      controllers: [RpcController],
      providers: [
        { provide: FACADE_KIT_OPTIONS, useValue: options },
        ...shared,
        ...classes,
        OfflineMethod,
        GateOnlyGuard,
        dispatcher,
        GateLinkServer,
        ...bodyErrors,
      ],
      exports: [FACADE_KIT_OPTIONS, ...shared],
    };
  }
}
