import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods, RouteHandlerMethod } from 'fastify';

/**
 * A route a controller declares, served by a plain fastify handler instead of Nest's pipeline.
 * Nest's guards, interceptors, pipes, parameter decorators and its rxjs plumbing do not run: the
 * handler gets fastify's request (body parsed, `onRequest` hooks such as `authenticateBeforeBody`
 * already run) and answers on the reply. What it throws or rejects with goes to Nest's exception
 * layer, so the app's global filters answer it in the app's shape (a filter bound to the
 * controller alone does not).
 */
export interface DirectRoute {
  method: HTTPMethods;
  /** The path as the controller declares it, global prefix included (`/`, `/oauth/token`). */
  url: string;
  handler: (request: FastifyRequest, reply: FastifyReply) => unknown;
}

/**
 * On a hot route whose own work is a few microseconds (the gate's transfer, a token from cache),
 * Nest's per-request pipeline is most of the CPU. Swapping the handler when the route is
 * registered (`onRoute`) costs nothing per request and keeps everything fastify does around it:
 * routing, hooks, body parsing and its limits, access lines, metrics, the error handler. The
 * controller stays as the declaration (and the API docs); a direct route it does not declare stops
 * the start, so a renamed path cannot silently fall back to the slow pipeline.
 */
export function installDirectRoutes(instance: FastifyInstance, routes: readonly DirectRoute[]): void {
  const pending = new Map(routes.map((route) => [routeKey(route.method, route.url), route]));
  if (pending.size !== routes.length) throw new TypeError('directRoutes: a route is listed twice');
  const served = new Set<string>();
  instance.addHook('onRoute', (options) => {
    if (typeof options.method !== 'string') return;
    const key = routeKey(options.method, options.url);
    const route = pending.get(key);
    if (!route) return;
    options.handler = route.handler as RouteHandlerMethod;
    served.add(key);
  });
  instance.addHook('onReady', async () => {
    const missing = [...pending.keys()].filter((key) => !served.has(key));
    if (missing.length > 0) throw new TypeError(`directRoutes: no controller declares ${missing.join(', ')}`);
  });
}

function routeKey(method: string, url: string | undefined): string {
  return `${method.toUpperCase()} ${url === undefined || url === '' ? '/' : url}`;
}
