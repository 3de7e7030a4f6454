import type { DynamicModule, INestApplication, LoggerService, LogLevel, Type } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { type AnyHttpAppOptions, createHttpApp } from '@gatehouse/platform';

/** An app running in the suite's own process. */
export interface InProcessApp<A extends INestApplication = INestApplication> {
  app: A;
  /** `http://127.0.0.1:<port>` of its HTTP listener. */
  url: string;
  close(): Promise<void>;
}

/** What an app's `http-options` gives `main.ts`: everything but the listener. */
export type AppHttpOptions = WithoutListener<AnyHttpAppOptions>;
type WithoutListener<O> = O extends unknown ? Omit<O, 'host' | 'port'> : never;

export interface InProcessOptions {
  /** Nest's logger (default: the app's pino logger, as in production). */
  logger?: LoggerService | LogLevel[] | false;
  /** For an app whose configuration names its own port (default: any free one). */
  port?: number;
}

/**
 * Starts an app's Nest module in this process exactly as its `main.ts` does (the same
 * `http-options`, hence the same adapter, body limits, error shapes and docs), on loopback.
 * Libraries never import apps, so the suite hands over the module and the options.
 */
export async function startAppInProcess<A extends INestApplication = INestApplication>(
  module: Type | DynamicModule,
  options: AppHttpOptions,
  { logger, port = 0 }: InProcessOptions = {},
): Promise<InProcessApp<A>> {
  const app = await createHttpApp(module, logger === undefined ? options : { ...options, logger });
  await app.listen(port, '127.0.0.1');
  const { port: bound } = app.getHttpServer().address() as AddressInfo;
  return { app: app as unknown as A, url: `http://127.0.0.1:${bound}`, close: () => app.close() };
}
