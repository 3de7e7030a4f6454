import type { Server } from 'node:http';
import {
  type DynamicModule,
  type INestApplication,
  type LoggerService,
  type LogLevel,
  type Type,
} from '@nestjs/common';
import { ApplicationConfig, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { NextFunction, Request, Response } from 'express';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemJsonFilter } from '../errors/problem-json.filter';
import { expressRequestLogging, installFastifyRequestLogging } from '../logging/access-log';
import { createLogger } from '../logging/logger';
import { opsSettings } from '../ops/ops-settings';
import { PinoNestLogger } from '../logging/pino-nest-logger';
import { setUpDocs } from '../docs/docs-page';
import { BodyErrorFilter, bodyProblem } from './body-error';
import { type EarlyCheck, installAuthenticateFirst } from './fastify-authenticate-first';
import { installFastifyBodyParsers, parseByteSize } from './fastify-body-parsers';
import { type DirectRoute, installDirectRoutes } from './fastify-direct-routes';
import { answerFrameworkError } from './fastify-framework-errors';
import { applyHttpTimeouts } from './http-timeouts';
import { trustedProxies } from './client-address';
import { armShutdownDeadline } from '../startup/shutdown-deadline';

interface CommonHttpAppOptions {
  name: string;
  host: string;
  port: number;
  /** Largest accepted JSON or form body (default 64 KiB). */
  bodyLimit?: string;
  /** Reverse proxies whose X-Forwarded-For is believed (default: none); the framework's `req.ip` then follows `clientAddress`. */
  trustedProxies?: string[];
  /** Browser origins (`scheme://host[:port]`, exact) allowed to call the app (CORS); none when empty. */
  corsOrigins?: string[];
  docs?: { title: string; description: string };
}

/** An app on express (the default). */
export interface HttpAppOptions extends CommonHttpAppOptions {
  adapter?: 'express';
  /**
   * Writes the answer to a body the parsers refused (malformed JSON, too large), for apps whose
   * protocol has its own error shape (OAuth). Default: problem JSON.
   */
  onBodyError?: (req: Request, res: Response, status: number, detail: string) => void;
}

/** An app on fastify: the same behaviour, less CPU per request (see libs/platform/README.md). */
export interface FastifyHttpAppOptions extends CommonHttpAppOptions {
  adapter: 'fastify';
  /** As on express; `reply.status(...).header(...).send(body)` writes it. */
  onBodyError?: (req: FastifyRequest, reply: FastifyReply, status: number, detail: string) => void;
  /**
   * Authenticates a request before its body is read (given the created app, for its providers),
   * as an `onRequest` hook: the returned check throws an HttpException to refuse, answered as
   * problem JSON with the connection closed, so an unauthenticated caller never makes the app read
   * or parse a body. The reply is for headers such as `Retry-After` on the refusal.
   */
  authenticateBeforeBody?: (app: INestApplication) => EarlyCheck;
  /**
   * Routes a controller declares that a plain fastify handler serves instead of Nest's pipeline
   * (given the created app, for its providers); see `DirectRoute`. For a route whose per-request
   * cost is mostly the framework's, such as the gate's connector.
   */
  directRoutes?: (app: INestApplication) => readonly DirectRoute[];
}

export type AnyHttpAppOptions = HttpAppOptions | FastifyHttpAppOptions;
/** Options without the listener (distributes over the union, so `adapter` still narrows). */
type Settings<O> = O extends unknown ? Omit<O, 'host' | 'port'> : never;

export interface CreateHttpAppExtras {
  /** Nest's logger (default: pino JSON lines under the app's name). */
  logger?: LoggerService | LogLevel[] | false;
}

/** Creates, configures and starts an app: the whole of an app's `main.ts`. */
export async function startHttpApp(
  module: Type | DynamicModule,
  options: AnyHttpAppOptions,
): Promise<INestApplication> {
  const app = await createHttpApp(module, options);
  await app.listen(options.port, options.host);
  // Here and not in createHttpApp: only a process's own main decides how the process ends.
  armShutdownDeadline(createLogger(options.name), opsSettings().shutdownTimeoutMs);
  return app;
}

/** Creates and configures an app on the chosen adapter without listening (tests listen on port 0). */
export async function createHttpApp(
  module: Type | DynamicModule,
  options: Settings<HttpAppOptions> & CreateHttpAppExtras,
): Promise<NestExpressApplication>;
export async function createHttpApp(
  module: Type | DynamicModule,
  options: Settings<FastifyHttpAppOptions> & CreateHttpAppExtras,
): Promise<NestFastifyApplication>;
export async function createHttpApp(
  module: Type | DynamicModule,
  options: Settings<AnyHttpAppOptions> & CreateHttpAppExtras,
): Promise<NestExpressApplication | NestFastifyApplication>;
export async function createHttpApp(
  module: Type | DynamicModule,
  options: Settings<AnyHttpAppOptions> & CreateHttpAppExtras,
): Promise<NestExpressApplication | NestFastifyApplication> {
  const logger = options.logger ?? new PinoNestLogger(createLogger(options.name));
  if (options.adapter === 'fastify') {
    // Loaded only by apps that ask for it: express apps never load fastify.
    const { FastifyAdapter } = await import('@nestjs/platform-fastify');
    const proxies = options.trustedProxies ?? [];
    const adapter = new FastifyAdapter({
      trustProxy: proxies.length > 0 ? trustedProxies(proxies) : false,
      bodyLimit: parseByteSize(options.bodyLimit ?? DEFAULT_LIMIT),
      // express's defaults: /a/ is /a, and paths match whatever their case.
      routerOptions: { ignoreTrailingSlash: true, caseSensitive: false },
      frameworkErrors: answerFrameworkError,
    });
    const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
      logger,
      bodyParser: false,
      abortOnError: false,
    });
    fastifyTrustSet.add(app);
    configure(app, options);
    return app;
  }
  // abortOnError: false, so a failed start rejects (runMain says why) instead of process.abort().
  const app = await NestFactory.create<NestExpressApplication>(module, {
    logger,
    bodyParser: false,
    abortOnError: false,
  });
  configure(app, options);
  return app;
}

const DEFAULT_LIMIT = '64kb';
// Fastify takes its trusted proxies when the instance is made: apps `createHttpApp` made have them.
const fastifyTrustSet = new WeakSet<object>();

/**
 * The same settings for an app a test created itself (it must import `PlatformModule`; create it
 * with `{ bodyParser: false }`). A fastify app with trusted proxies must come from `createHttpApp`.
 */
export function configureHttpApp(app: NestExpressApplication, options: Settings<HttpAppOptions>): void;
export function configureHttpApp(app: NestFastifyApplication, options: Settings<FastifyHttpAppOptions>): void;
export function configureHttpApp(
  app: NestExpressApplication | NestFastifyApplication,
  options: Settings<AnyHttpAppOptions>,
): void {
  configure(app, options);
}

function configure(
  app: NestExpressApplication | NestFastifyApplication,
  options: Settings<AnyHttpAppOptions>,
): void {
  const type = app.getHttpAdapter().getType();
  if ((type === 'fastify') !== (options.adapter === 'fastify')) {
    throw new TypeError(
      `configureHttpApp: the app runs on ${type}, the options are for ${options.adapter ?? 'express'}`,
    );
  }
  if (options.adapter === 'fastify') configureFastify(app as NestFastifyApplication, options);
  else configureExpress(app as NestExpressApplication, options);
  installLastResortFilter(app);
  applyHttpTimeouts(app.getHttpServer() as Server);
  if (options.corsOrigins && options.corsOrigins.length > 0) {
    // No credentials: browsers send no cookies, and a bearer or a body credential is the caller's own.
    app.enableCors({
      origin: options.corsOrigins,
      methods: ['GET', 'POST'],
      allowedHeaders: ['authorization', 'content-type'],
      maxAge: 600,
    });
  }
  app.enableShutdownHooks();
  if (options.docs && opsSettings().docs) setUpDocs(app, options.docs);
}

function configureExpress(app: NestExpressApplication, options: Settings<HttpAppOptions>): void {
  const limit = options.bodyLimit ?? DEFAULT_LIMIT;
  app.disable('x-powered-by');
  app.use(expressRequestLogging());
  app.set(
    'trust proxy',
    options.trustedProxies && options.trustedProxies.length > 0
      ? trustedProxies(options.trustedProxies)
      : false,
  );
  app.useBodyParser('json', { limit });
  app.useBodyParser('urlencoded', { limit, extended: false });
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    const status = bodyErrorStatus(error);
    if (status === undefined) return next(error);
    const detail = status === 413 ? `body larger than ${limit}` : 'body is not valid JSON or form data';
    if (options.onBodyError) return options.onBodyError(req, res, status, detail);
    res.status(status).type('application/problem+json').json(bodyProblem(status, detail));
  });
}

function configureFastify(app: NestFastifyApplication, options: Settings<FastifyHttpAppOptions>): void {
  if ((options.trustedProxies?.length ?? 0) > 0 && !fastifyTrustSet.has(app)) {
    throw new TypeError(
      'configureHttpApp: fastify takes trusted proxies when it is created; use createHttpApp',
    );
  }
  const limit = options.bodyLimit ?? DEFAULT_LIMIT;
  const instance = app.getHttpAdapter().getInstance();
  installFastifyRequestLogging(instance);
  // After the request id is set, so a refusal's access line carries it.
  if (options.authenticateBeforeBody) installAuthenticateFirst(instance, options.authenticateBeforeBody(app));
  installFastifyBodyParsers(instance, parseByteSize(limit), limit);
  // Before Nest registers its routes (when the app is initialised), which `onRoute` must see.
  if (options.directRoutes) installDirectRoutes(instance, options.directRoutes(app));
  // Registered last, so consulted first: a refused body is answered here whatever the app's filters.
  app.useGlobalFilters(new BodyErrorFilter(options.onBodyError));
}

/** body-parser marks its own errors with a status; anything else is not ours to answer. */
function bodyErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/**
 * Nest tries global filters from the last registered to the first, and the apps' APP_FILTERs are
 * registered while the app is created, before this runs. The catch-all goes to the front of the
 * list so that it is consulted last and every app filter keeps precedence.
 */
function installLastResortFilter(app: INestApplication): void {
  const filters = app.get(ApplicationConfig).getGlobalFilters();
  filters.unshift(new ProblemJsonFilter());
}
