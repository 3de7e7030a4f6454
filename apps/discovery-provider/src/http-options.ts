import type { FastifyHttpAppOptions } from '@gatehouse/platform';
import type { ProviderConfig } from './config';
import { registrationDirectRoute } from './registration/registration.direct-route';

/**
 * How the provider serves HTTP, shared by `main.ts` and the tests that build the app themselves.
 * Fastify, like auth: one adapter for every app's request path. The trusted proxies are the ones
 * `clientAddress` uses, so the access log's client and the registered caller's address agree.
 * `POST /register` is a direct route (see `registration.direct-route.ts`).
 */
export function providerHttpOptions(config: ProviderConfig): Omit<FastifyHttpAppOptions, 'host' | 'port'> {
  return {
    name: 'discovery-provider',
    adapter: 'fastify',
    bodyLimit: '64kb',
    trustedProxies: config.trustedProxies,
    directRoutes: (app) => [registrationDirectRoute(app)],
    docs: {
      title: 'Gatehouse discovery provider',
      description: 'Configuration tokens, registration, pushes, explorer',
    },
  };
}
