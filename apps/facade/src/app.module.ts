import { type DynamicModule, Module } from '@nestjs/common';
import { FacadeKitModule } from '@gatehouse/facade-kit';
import { PlatformModule, componentLogger } from '@gatehouse/platform';
import { type FacadeConfig, FacadeConfigModule } from './config';
import { EchoMethod } from './methods/echo.method';
import { specExampleMethods } from './methods/spec-examples';
import { SubscribeMethod } from './methods/subscribe.method';
import { WhoamiMethod } from './methods/whoami.method';
import { PresenceService } from './presence/presence.service';
import { TickerService } from './ticker/ticker.service';

const FACADE_INFO = {
  title: 'Gatehouse example facade',
  version: '1.0.0',
  description:
    "Methods as the gate forwards them: params are the client's own (the gate wraps them in its envelope).",
};
const logger = componentLogger('JsonRpcDispatcher');

/** The example backend, written on @gatehouse/facade-kit as another team would write theirs. */
@Module({})
export class AppModule {
  static forRoot(config: FacadeConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        FacadeConfigModule.forRoot(config),
        PlatformModule.forRoot({ service: 'facade', database: false }),
        FacadeKitModule.forRoot({
          discovery: {
            configurationToken: config.configurationToken,
            host: config.publicUrl,
            gateHost: config.gateHost,
            trustProxy: config.trustedProxies.length > 0,
            relaxIpCheck: config.relaxIpCheck,
            callerRateLimit: config.callerRateLimit,
            reRegisterAfterMs: config.reRegisterAfterMs,
          },
          methods: [
            EchoMethod,
            WhoamiMethod,
            SubscribeMethod,
            ...(config.specExamples ? specExampleMethods : []),
          ],
          providers: [TickerService, PresenceService],
          info: FACADE_INFO,
          acceptAnyCaller: config.guardDisabled,
          // The platform answers refused bodies before Nest sees them (http-options.ts).
          jsonRpcBodyErrors: false,
          onInternalError: (method, error) => logger.error({ err: error, method }, 'method failed'),
        }),
      ],
    };
  }
}
