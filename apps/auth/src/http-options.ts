import type { FastifyHttpAppOptions } from '@gatehouse/platform';
import type { AuthConfig } from './config';
import { writeAuthBodyError } from './errors';
import { tokenDirectRoute } from './oauth/token/token.direct-route';

/**
 * How the auth app serves HTTP, shared by `main.ts` and the test harness. Fastify: the token
 * endpoint is CPU-bound in the HTTP layer (no database read on a client-cache hit), and Nest on
 * fastify spends about a third of the CPU per request that Nest on express does there.
 */
export function authHttpOptions(config: AuthConfig): Omit<FastifyHttpAppOptions, 'host' | 'port'> {
  return {
    name: 'auth',
    adapter: 'fastify',
    trustedProxies: config.trustedProxies,
    corsOrigins: config.corsOrigins,
    onBodyError: writeAuthBodyError,
    directRoutes: (app) => [tokenDirectRoute(app)],
    docs: {
      title: 'Gatehouse auth',
      description: 'OAuth 2.0 token service: tokens, JWKS, introspection, revocation, admin',
    },
  };
}
