import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import type { FastifyInstance } from 'fastify';
import { HealthController } from './health/health.controller';
import { createLogger } from './logging/logger';
import { installFastifyMetrics } from './metrics/fastify-metrics.hook';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { opsSettings } from './ops/ops-settings';
import { PLATFORM_LOGGER, PLATFORM_OPS, PLATFORM_OPTIONS, type PlatformOptions } from './platform.options';

/**
 * What every Gatehouse app serves besides its own API: health, metrics, logs. The error filter of
 * last resort is installed by `configureHttpApp`, so that apps' own filters take precedence.
 */
@Module({})
export class PlatformModule implements NestModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const ops = opsSettings();
    return {
      module: PlatformModule,
      global: true,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [
        MetricsService,
        HttpMetricsMiddleware,
        { provide: PLATFORM_OPTIONS, useValue: options },
        { provide: PLATFORM_OPS, useValue: ops },
        { provide: PLATFORM_LOGGER, useFactory: () => createLogger(options.service) },
      ],
      exports: [MetricsService, PLATFORM_LOGGER, PLATFORM_OPTIONS, PLATFORM_OPS],
    };
  }

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: MetricsService,
  ) {}

  /** Request timings: a middleware on express, an `onResponse` hook on fastify. */
  configure(consumer: MiddlewareConsumer): void {
    const adapter = this.adapterHost.httpAdapter as HttpAdapterHost['httpAdapter'] | undefined;
    if (adapter?.getType() === 'fastify') {
      installFastifyMetrics(adapter.getInstance<FastifyInstance>(), this.metrics);
      return;
    }
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
