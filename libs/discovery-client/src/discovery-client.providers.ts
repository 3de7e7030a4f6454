import { Logger, type Provider } from '@nestjs/common';
import { createJwksClient } from '@gatehouse/protocol';
import { Agent, type Dispatcher } from 'undici';
import { DISCOVERY_CLIENT_OPTIONS, type ResolvedDiscoveryOptions } from './discovery-client.options';
import {
  DISCOVERY_DISPATCHER,
  DISCOVERY_GATE_ENDPOINT,
  DISCOVERY_REGISTRATION,
  DISCOVERY_STATE,
} from './discovery-client.tokens';
import { GateEndpoint } from './gate/gate-endpoint';
import { GateMessages } from './gate/gate-messages';
import { PushVerifier } from './gate/push-verifier';
import { ProviderApi } from './provider/provider-api';
import { Registration } from './provider/registration';
import { DiscoveryState } from './state/discovery-state';

const logger = new Logger('DiscoveryClient');

/** The framework-free parts, built from the resolved options. */
export const discoveryProviders: Provider[] = [
  {
    provide: DISCOVERY_STATE,
    useFactory: () => new DiscoveryState((error) => logger.error(`update listener failed: ${String(error)}`)),
  },
  {
    provide: DISCOVERY_DISPATCHER,
    useFactory: (): Dispatcher => new Agent({ keepAliveTimeout: 10_000, connect: { timeout: 5_000 } }),
  },
  {
    provide: DISCOVERY_REGISTRATION,
    inject: [DISCOVERY_CLIENT_OPTIONS, DISCOVERY_STATE, DISCOVERY_DISPATCHER],
    useFactory: (options: ResolvedDiscoveryOptions, state: DiscoveryState, dispatcher: Dispatcher) =>
      new Registration(
        options,
        new ProviderApi(options.claims.provider_host, dispatcher, options.timeoutMs),
        state,
        logger,
      ),
  },
  {
    provide: DISCOVERY_GATE_ENDPOINT,
    inject: [DISCOVERY_CLIENT_OPTIONS, DISCOVERY_STATE, DISCOVERY_REGISTRATION],
    useFactory: (options: ResolvedDiscoveryOptions, state: DiscoveryState, registration: Registration) => {
      const jwks = createJwksClient(
        new URL('.well-known/jwks.json', withSlash(options.claims.provider_host)),
      );
      const verifier = new PushVerifier({
        keys: jwks,
        audiences: () => [options.gateHost, ...optional(registration.instanceId())],
        issuer: options.claims.iss,
      });
      return new GateEndpoint(verifier, new GateMessages(registration, state), options.maxBodyBytes, logger);
    },
  },
];

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function optional(value: string | undefined): string[] {
  return value === undefined ? [] : [value];
}
