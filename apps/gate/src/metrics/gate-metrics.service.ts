import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { MetricsService, PLATFORM_LOGGER } from '@gatehouse/platform';
import StatsD from 'hot-shots';
import type { Logger } from 'pino';
import { Counter, Gauge } from 'prom-client';
import { GATE_CONFIG, type GateConfig } from '../config';
import { ConnectionRegistry } from '../connections/connection-registry.service';

type Totals = Record<'connected' | 'disconnected' | 'calls' | 'forwarded' | 'refused' | 'transfers', number>;
const STATSD_FLUSH_MS = 10_000;

/**
 * The gate's counters. The hot path only bumps plain numbers; Prometheus reads them on scrape and
 * StatsD (`GLS_METRICS_*`, PROTOCOL.md 3.5) gets the deltas every 10 s, so metrics cost the
 * message path nothing measurable.
 */
@Injectable()
export class GateMetrics implements OnModuleInit, OnApplicationShutdown {
  calls = 0;
  forwarded = 0;
  refused = 0;
  transfers = 0;
  private connected = 0;
  private disconnected = 0;
  private readonly sent: Totals = {
    connected: 0,
    disconnected: 0,
    calls: 0,
    forwarded: 0,
    refused: 0,
    transfers: 0,
  };
  private readonly statsd: InstanceType<typeof StatsD>;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(GATE_CONFIG) config: GateConfig,
    @Inject(PLATFORM_LOGGER) logger: Logger,
    private readonly registry: ConnectionRegistry,
    metrics: MetricsService,
  ) {
    this.statsd = new StatsD({
      host: config.statsd.host,
      port: config.statsd.port,
      prefix: 'gate.',
      errorHandler: (error) => logger.debug({ err: error }, 'statsd send failed'),
    });
    const totals = (): Totals => this.totals();
    new Gauge({
      name: 'gate_connections',
      help: 'Open client connections on this replica',
      registers: [metrics.registry],
      collect() {
        this.set(registry.size);
      },
    });
    new Gauge({
      name: 'gate_requests_in_flight',
      help: 'Client calls being processed',
      registers: [metrics.registry],
      collect() {
        this.set(registry.inFlight());
      },
    });
    const counter = (key: keyof Totals, help: string): void => {
      let seen = 0;
      new Counter({
        name: `gate_${key}_total`,
        help,
        registers: [metrics.registry],
        collect() {
          const now = totals()[key];
          this.inc(now - seen);
          seen = now;
        },
      });
    };
    counter('connected', 'Client connections accepted');
    counter('disconnected', 'Client connections closed');
    counter('calls', 'Client JSON-RPC calls and notifications');
    counter('forwarded', 'Calls forwarded to the facade');
    counter('refused', 'Calls refused by rate or in-flight limits');
    counter('transfers', 'Notifications delivered through transfer');
  }

  onModuleInit(): void {
    this.registry.observe({ connected: () => this.connected++, disconnected: () => this.disconnected++ });
    this.timer = setInterval(() => this.flush(), STATSD_FLUSH_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.flush();
    this.statsd.close(() => undefined);
  }

  private totals(): Totals {
    return {
      connected: this.connected,
      disconnected: this.disconnected,
      calls: this.calls,
      forwarded: this.forwarded,
      refused: this.refused,
      transfers: this.transfers,
    };
  }

  private flush(): void {
    const now = this.totals();
    for (const key of Object.keys(now) as (keyof Totals)[]) {
      const delta = now[key] - this.sent[key];
      if (delta > 0) this.statsd.increment(key, delta);
      this.sent[key] = now[key];
    }
    this.statsd.gauge('connections', this.registry.size);
  }
}
