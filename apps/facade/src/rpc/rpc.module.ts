import { Logger, Module } from '@nestjs/common';
import { FACADE_CONFIG, type FacadeConfig } from '../config/facade-config';
import { FacadeCallerGuard } from '../guard/facade-caller.guard';
import { EchoMethod } from '../methods/echo.method';
import { OfflineMethod } from '../methods/offline.method';
import { specExampleMethods } from '../methods/spec-examples';
import { SubscribeMethod } from '../methods/subscribe.method';
import { WhoamiMethod } from '../methods/whoami.method';
import { PresenceService } from '../presence/presence.service';
import { TickerService } from '../ticker/ticker.service';
import { JsonRpcDispatcher } from './json-rpc-dispatcher';
import type { RpcMethod } from './rpc-method';
import { RpcController } from './rpc.controller';

const methods = [EchoMethod, WhoamiMethod, SubscribeMethod, OfflineMethod];
const logger = new Logger('JsonRpcDispatcher');
const FACADE_INFO = {
  title: 'Gatehouse example facade',
  version: '1.0.0',
  description: 'Methods as the gate forwards them: params are the client\'s own (the gate wraps them in its envelope).',
};

@Module({
  controllers: [RpcController],
  providers: [
    ...methods,
    TickerService,
    PresenceService,
    FacadeCallerGuard,
    {
      provide: JsonRpcDispatcher,
      inject: [FACADE_CONFIG, ...methods],
      useFactory: (config: FacadeConfig, ...handlers: RpcMethod[]) =>
        new JsonRpcDispatcher(
          config.specExamples ? [...handlers, ...specExampleMethods] : handlers,
          (method, error) => logger.error(`method ${method} failed: ${String(error)}`),
          FACADE_INFO,
        ),
    },
  ],
  exports: [PresenceService, TickerService],
})
export class RpcModule {}
