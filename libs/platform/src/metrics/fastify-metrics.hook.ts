import type { FastifyInstance } from 'fastify';
import type { MetricsService } from './metrics.service';

/**
 * Fastify's counterpart of `HttpMetricsMiddleware`: the same histogram and labels, from one
 * `onResponse` hook (no express-style middleware layer on the hot path). The route is the matched
 * pattern, or `unmatched`.
 */
export function installFastifyMetrics(instance: FastifyInstance, metrics: MetricsService): void {
  instance.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
