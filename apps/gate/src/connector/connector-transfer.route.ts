import type { DirectRoute } from '@gatehouse/platform';
import type { GateConfig } from '../config';
import type { ConnectorService } from './connector.service';

/**
 * `POST /` on the connector (transfer) served without Nest's pipeline: it was most of a
 * same-replica push's CPU (bench:gate, pushes), the transfer itself a few microseconds. The
 * caller was authenticated before its body was read (`authenticateBeforeBody`); fastify parsed
 * the body within the limit, and a refused body is answered by `writeBodyError`.
 * `ConnectorController` declares the route.
 */
export function connectorTransferRoute(config: GateConfig, connector: ConnectorService): DirectRoute {
  const maxBatch = config.limits.maxBatch;
  return {
    method: 'POST',
    url: '/',
    handler: async (request, reply) => {
      const text = await connector.answer(request.body, maxBatch);
      if (text === undefined) return reply.status(204).send();
      return reply.status(200).header('Content-Type', 'application/json; charset=utf-8').send(text);
    },
  };
}
