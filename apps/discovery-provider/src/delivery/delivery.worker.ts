import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { PLATFORM_LOGGER } from '@gatehouse/platform';
import { PROVIDER_CONFIG, type ProviderConfig } from '../config';
import { DiscoveryMetrics } from '../metrics/discovery-metrics';
import { WorkerLoop } from '../workers/worker-loop';
import { backoffMs } from './backoff';
import { Batcher } from './batcher';
import { CoalescedWake } from './coalesced-wake';
import { GateClient } from './gate-client';
import { type ClaimedPush, OutboxRepository } from './outbox.repository';
import { PushSignal } from './push-signal';
import { type InstanceView, ViewBuilder } from './view.builder';

/**
 * Drains the outbox: leases due rows (SKIP LOCKED, so replicas share the work), builds each
 * instance's latest view at send time and pushes it. At-least-once: a row goes only after a 2xx,
 * a failure is retried with backoff, and a crashed replica's leases simply expire.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: WorkerLoop;
  private readonly inflight = new Set<Promise<void>>();
  /** Deliveries finishing together are removed from the outbox in one statement. */
  private readonly completions = new Batcher<ClaimedPush>(async (pushes) => {
    if ((await this.outbox.complete(pushes)) > 0) this.wake.request();
  });
  /** The last claim filled every free slot: more may be due, so a finished job claims again. */
  private saturated = false;
  /** Every wake but the loop's own poll: commits, re-armed rows, freed slots (see CoalescedWake). */
  private readonly wake: CoalescedWake;

  constructor(
    @Inject(PROVIDER_CONFIG) private readonly config: ProviderConfig,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    private readonly outbox: OutboxRepository,
    private readonly views: ViewBuilder,
    private readonly gate: GateClient,
    private readonly metrics: DiscoveryMetrics,
    signal: PushSignal,
  ) {
    this.loop = new WorkerLoop('delivery', config.delivery.pollMs, () => this.tick(), logger);
    this.wake = new CoalescedWake(config.delivery.coalesceMs, () => this.loop.wake());
    signal.onKick(() => this.wake.request());
  }

  onApplicationBootstrap(): void {
    if (this.config.workers) this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.wake.cancel();
    await this.loop.stop();
    await Promise.allSettled([...this.inflight]);
  }

  private async tick(): Promise<void> {
    const free = this.config.delivery.concurrency - this.inflight.size;
    if (free <= 0) {
      this.saturated = true;
      return;
    }
    const claimed = await this.outbox.claim(free, this.config.delivery.pushTimeoutMs + 5000);
    this.saturated = claimed.length >= free;
    // Views are built at send time (the latest state), for the whole claim in one query.
    const views = await this.views.buildMany(claimed.map((push) => push.instanceId));
    for (const push of claimed) {
      // Woken by commits (PushSignal), by re-armed rows, and by a freed slot only when work was
      // left behind: a claim per finished push would keep PostgreSQL busy answering "nothing due".
      const job = this.deliver(push, views.get(push.instanceId)).finally(() => {
        this.inflight.delete(job);
        if (this.saturated) this.wake.request();
      });
      this.inflight.add(job);
    }
  }

  private async deliver(push: ClaimedPush, view: InstanceView | undefined): Promise<void> {
    try {
      if (!view) {
        await this.outbox.drop(push.instanceId);
        return;
      }
      const result = await this.gate.post(view.gateHost, view.body, this.config.delivery.pushTimeoutMs);
      if (result.ok) {
        await this.completions.add(push);
        this.metrics.pushes.inc({ result: 'delivered' });
        return;
      }
      const delay = backoffMs(
        push.attempts,
        this.config.delivery.retryBaseMs,
        this.config.delivery.retryMaxMs,
      );
      await this.outbox.retry(push, delay, `${result.reason}: ${result.detail}`);
      this.metrics.pushes.inc({ result: 'failed' });
      this.logger.debug(
        { instanceId: push.instanceId, reason: result.reason, delay },
        'push failed, retrying',
      );
    } catch (error) {
      // Database trouble: the lease expires and the row is picked up again.
      this.logger.warn({ err: error, instanceId: push.instanceId }, 'push aborted');
    }
  }
}
