import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { MetricsService } from '@gatehouse/platform';

/** Provider-specific series on the platform's registry (served at /metrics). */
@Injectable()
export class DiscoveryMetrics {
  readonly registrations: Counter<'result'>;
  readonly pushes: Counter<'result'>;
  readonly pings: Counter<'result'>;
  readonly removals: Counter<'reason'>;
  readonly outboxPending: Gauge;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.registrations = new Counter({
      name: 'discovery_registrations_total',
      help: 'Registration attempts',
      labelNames: ['result'],
      registers,
    });
    this.pushes = new Counter({
      name: 'discovery_pushes_total',
      help: 'Update pushes',
      labelNames: ['result'],
      registers,
    });
    this.pings = new Counter({
      name: 'discovery_pings_total',
      help: 'Liveness pings',
      labelNames: ['result'],
      registers,
    });
    this.removals = new Counter({
      name: 'discovery_removals_total',
      help: 'Instances removed',
      labelNames: ['reason'],
      registers,
    });
    this.outboxPending = new Gauge({
      name: 'discovery_outbox_pending',
      help: 'Instances owing a push',
      registers,
    });
  }
}
