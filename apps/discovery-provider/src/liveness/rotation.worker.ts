import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
import { PLATFORM_LOGGER } from '@gatehouse/platform';
import { PROVIDER_CONFIG, type ProviderConfig } from '../config';
import { OutboxRepository } from '../delivery/outbox.repository';
import { PushSignal } from '../delivery/push-signal';
import { issuePairTokens } from '../registry/pair-tokens';
import { withRetry } from '../registry/with-retry';
import { rows } from '../persistence/rows';
import { WorkerLoop } from '../workers/worker-loop';

const ROTATIONS_PER_TICK = 500;

/**
 * Pair-token rotation: a token older than the interval gets a successor; the old one stays in the
 * callee's `allows` for the overlap window (calls in flight keep working), then is revoked and the
 * callees are updated again. Rows are claimed with SKIP LOCKED so replicas never rotate one twice.
 */
@Injectable()
export class RotationWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: WorkerLoop;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PROVIDER_CONFIG) private readonly config: ProviderConfig,
    @Inject(PLATFORM_LOGGER) logger: Logger,
    private readonly outbox: OutboxRepository,
    private readonly signal: PushSignal,
  ) {
    const every = Math.max(100, Math.min(10_000, Math.floor(config.rotation.overlapMs / 4) || 1000));
    this.loop = new WorkerLoop('rotation', every, () => this.tick(), logger);
  }

  onApplicationBootstrap(): void {
    if (this.config.workers && this.config.rotation.intervalMs > 0) this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  private async tick(): Promise<void> {
    const changed = (await withRetry(() => this.rotate())) + (await withRetry(() => this.retire()));
    if (changed > 0) this.signal.kick();
  }

  private rotate(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const old = await rows<{ caller_instance_id: string; callee_service: string }>(
        manager,
        `UPDATE discovery_pair_token p SET retire_at = now() + $3 * interval '1 millisecond'
         FROM (SELECT t.id FROM discovery_pair_token t JOIN discovery_instance i ON i.id = t.caller_instance_id
               WHERE t.revoked_at IS NULL AND t.retire_at IS NULL
                 AND t.created_at <= now() - $2 * interval '1 millisecond'
               ORDER BY t.created_at LIMIT $1 FOR UPDATE OF t SKIP LOCKED) due
         WHERE p.id = due.id RETURNING p.caller_instance_id, p.callee_service`,
        [ROTATIONS_PER_TICK, this.config.rotation.intervalMs, this.config.rotation.overlapMs],
      );
      for (const row of old) await issuePairTokens(manager, row.caller_instance_id, [row.callee_service]);
      await this.enqueue(
        manager,
        old.map((r) => r.callee_service),
        old.map((r) => r.caller_instance_id),
      );
      return old.length;
    });
  }

  /** Tokens whose overlap window ended leave the callees' `allows`. */
  private retire(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const retired = await rows<{ callee_service: string }>(
        manager,
        `UPDATE discovery_pair_token SET revoked_at = now()
         WHERE revoked_at IS NULL AND retire_at <= now() RETURNING callee_service`,
      );
      await this.enqueue(
        manager,
        retired.map((r) => r.callee_service),
        [],
      );
      return retired.length;
    });
  }

  /** The given instances plus every instance of the given callee services owe a push. */
  private async enqueue(manager: EntityManager, services: string[], extra: string[]): Promise<void> {
    if (services.length === 0 && extra.length === 0) return;
    const callees: { id: string }[] = await manager.query(
      'SELECT id FROM discovery_instance WHERE service = ANY($1::varchar[])',
      [[...new Set(services)]],
    );
    await this.outbox.enqueue(manager, [...extra, ...callees.map((r) => r.id)]);
  }
}
