import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { PLATFORM_LOGGER } from '@gatehouse/platform';
import { PROVIDER_CONFIG, type ProviderConfig } from '../config';
import { GateClient } from '../delivery/gate-client';
import { DiscoveryMetrics } from '../metrics/discovery-metrics';
import { MembershipService } from '../registry/membership.service';
import { rows } from '../persistence/rows';
import { WorkerLoop } from '../workers/worker-loop';

const PINGS_PER_TICK = 64;

/**
 * TTL leases (PROTOCOL.md 1.6): each instance is pinged at its gate_host every interval; one that has not
 * answered for the TTL is removed, its tokens revoked and its peers updated. Replicas split the
 * pings with SKIP LOCKED, and removal is idempotent.
 */
@Injectable()
export class LivenessWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: WorkerLoop;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PROVIDER_CONFIG) private readonly config: ProviderConfig,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    private readonly gate: GateClient,
    private readonly membership: MembershipService,
    private readonly metrics: DiscoveryMetrics,
  ) {
    const every = Math.max(50, Math.min(1000, Math.floor(config.liveness.pingIntervalMs / 4)));
    this.loop = new WorkerLoop('liveness', every, () => this.tick(), logger);
  }

  onApplicationBootstrap(): void {
    if (this.config.workers) this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  private async tick(): Promise<void> {
    const due = await rows<{ id: string; gate_host: string }>(
      this.dataSource,
      `UPDATE discovery_instance i SET next_ping_at = now() + $2 * interval '1 millisecond'
       FROM (SELECT id FROM discovery_instance WHERE next_ping_at <= now()
             ORDER BY next_ping_at LIMIT $1 FOR UPDATE SKIP LOCKED) d
       WHERE i.id = d.id RETURNING i.id, i.gate_host`,
      [PINGS_PER_TICK, this.config.liveness.pingIntervalMs],
    );
    const alive = await Promise.all(due.map((row) => this.ping(row.id, row.gate_host)));
    const seen = due.filter((_, i) => alive[i]).map((row) => row.id);
    if (seen.length > 0) {
      await this.dataSource.query(
        'UPDATE discovery_instance SET last_seen_at = now(), ping_failures = 0 WHERE id = ANY($1::uuid[])',
        [seen],
      );
    }
    const failed = due.filter((_, i) => !alive[i]).map((row) => row.id);
    if (failed.length > 0) {
      await this.dataSource.query(
        'UPDATE discovery_instance SET ping_failures = ping_failures + 1 WHERE id = ANY($1::uuid[])',
        [failed],
      );
    }
    await this.expire();
  }

  private async ping(instanceId: string, gateHost: string): Promise<boolean> {
    const result = await this.gate.post(
      gateHost,
      { method: 'ping', instanceId },
      this.config.delivery.pushTimeoutMs,
    );
    this.metrics.pings.inc({ result: result.ok ? 'alive' : 'failed' });
    return result.ok;
  }

  private async expire(): Promise<void> {
    const expired: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM discovery_instance WHERE last_seen_at < now() - $1 * interval '1 millisecond'`,
      [this.config.liveness.ttlMs],
    );
    if (expired.length === 0) return;
    const removed = await this.membership.leave(expired.map((r) => r.id));
    this.metrics.removals.inc({ reason: 'ttl' }, removed);
    if (removed > 0) this.logger.info({ removed }, 'instances missed their TTL and were removed');
  }
}
