import type { FastifyHttpAppOptions } from '@gatehouse/platform';
import type { GateConfig } from '../config';
import { writeBodyError } from './body-error';
import { ConnectorAuthGuard } from './connector-auth.guard';
import { connectorTransferRoute } from './connector-transfer.route';
import { ConnectorService } from './connector.service';

/**
 * The connector's HTTP settings, shared by `main.ts` and the test harness. Fastify, with the
 * transfer served by a plain handler: pushes are the gate's hot HTTP path. The caller is
 * authenticated before its body is read, and the body limit is one transfer: an unauthenticated
 * caller cannot make the gate read or parse megabytes.
 */
export function connectorHttpOptions(config: GateConfig): Omit<FastifyHttpAppOptions, 'host' | 'port'> {
  return {
    name: 'gate',
    adapter: 'fastify',
    bodyLimit: `${config.limits.maxTransferBytes}b`,
    onBodyError: writeBodyError,
    authenticateBeforeBody: (app) => {
      const guard = app.get(ConnectorAuthGuard);
      // Only POST carries a body; the GET routes (health, metrics, stats, openrpc.json) keep their own guards.
      return (request, reply) => {
        if (request.method === 'POST') guard.check(request, reply);
      };
    },
    directRoutes: (app) => [connectorTransferRoute(config, app.get(ConnectorService))],
  };
}
