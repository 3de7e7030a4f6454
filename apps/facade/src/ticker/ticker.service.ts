import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { GateTransfer, OfflineNotices } from '@gatehouse/facade-kit';

export const MAX_SUBSCRIPTIONS_PER_CHANNEL = 5;

export interface TickerPlan {
  channelId: string;
  count: number;
  intervalMs: number;
}

/**
 * The push example: sends a channel `count` `ticker` notifications through the gate (GateTransfer).
 * A channel the gate no longer has or an `offline` stops its tickers.
 */
@Injectable()
export class TickerService implements OnModuleDestroy {
  private readonly logger = new Logger('TickerService');
  private readonly timers = new Map<string, Set<NodeJS.Timeout>>();

  constructor(
    private readonly transfer: GateTransfer,
    offline: OfflineNotices,
  ) {
    offline.onOffline(({ channelId }) => this.stop(channelId));
  }

  /** False when the channel already has the maximum number of tickers. */
  start(plan: TickerPlan): boolean {
    const timers = this.timers.get(plan.channelId) ?? new Set<NodeJS.Timeout>();
    if (timers.size >= MAX_SUBSCRIPTIONS_PER_CHANNEL) return false;
    this.timers.set(plan.channelId, timers);
    this.schedule(plan, 1, timers);
    return true;
  }

  stop(channelId: string): void {
    for (const timer of this.timers.get(channelId) ?? []) clearTimeout(timer);
    this.timers.delete(channelId);
  }

  active(channelId: string): number {
    return this.timers.get(channelId)?.size ?? 0;
  }

  onModuleDestroy(): void {
    for (const channelId of [...this.timers.keys()]) this.stop(channelId);
  }

  private schedule(plan: TickerPlan, seq: number, timers: Set<NodeJS.Timeout>): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      void this.tick(plan, seq, timers);
    }, plan.intervalMs);
    timer.unref();
    timers.add(timer);
  }

  private async tick(plan: TickerPlan, seq: number, timers: Set<NodeJS.Timeout>): Promise<void> {
    const result = { seq, of: plan.count, at: new Date().toISOString() };
    try {
      if (!(await this.transfer.push(plan.channelId, { method: 'ticker', result })))
        return this.release(plan.channelId, timers);
    } catch (error) {
      this.logger.warn(
        `ticker push to ${plan.channelId} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return this.release(plan.channelId, timers);
    }
    if (seq < plan.count && this.timers.get(plan.channelId) === timers)
      return this.schedule(plan, seq + 1, timers);
    this.release(plan.channelId, timers);
  }

  private release(channelId: string, timers: Set<NodeJS.Timeout>): void {
    if (timers.size === 0 && this.timers.get(channelId) === timers) this.timers.delete(channelId);
  }
}
