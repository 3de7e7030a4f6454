import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { componentLogger } from '@gatehouse/platform';
import { GateTransfer, OfflineNotices } from '@gatehouse/facade-kit';

export const MAX_SUBSCRIPTIONS_PER_CHANNEL = 5;

export interface TickerPlan {
  channelId: string;
  count: number;
  intervalMs: number;
}

/** The tickers of one channel: pending timers, and how many subscriptions have not finished yet. */
interface ChannelTickers {
  readonly timers: Set<NodeJS.Timeout>;
  /** Subscriptions with a tick scheduled or in flight (a tick in flight has no timer). */
  running: number;
  stopped: boolean;
}

/**
 * The push example: sends a channel `count` `ticker` notifications through the gate (GateTransfer).
 * A channel the gate no longer has or an `offline` stops its tickers.
 */
@Injectable()
export class TickerService implements OnModuleDestroy {
  private readonly logger = componentLogger('TickerService');
  private readonly channels = new Map<string, ChannelTickers>();

  constructor(
    private readonly transfer: GateTransfer,
    offline: OfflineNotices,
  ) {
    offline.onOffline(({ channelId }) => this.stop(channelId));
  }

  /** False when the channel already has the maximum number of tickers. */
  start(plan: TickerPlan): boolean {
    const channel = this.channels.get(plan.channelId) ?? {
      timers: new Set<NodeJS.Timeout>(),
      running: 0,
      stopped: false,
    };
    if (channel.running >= MAX_SUBSCRIPTIONS_PER_CHANNEL) return false;
    this.channels.set(plan.channelId, channel);
    channel.running++;
    this.schedule(plan, 1, channel);
    return true;
  }

  stop(channelId: string): void {
    const channel = this.channels.get(channelId);
    if (!channel) return;
    channel.stopped = true;
    for (const timer of channel.timers) clearTimeout(timer);
    this.channels.delete(channelId);
  }

  active(channelId: string): number {
    return this.channels.get(channelId)?.running ?? 0;
  }

  onModuleDestroy(): void {
    for (const channelId of [...this.channels.keys()]) this.stop(channelId);
  }

  private schedule(plan: TickerPlan, seq: number, channel: ChannelTickers): void {
    const timer = setTimeout(() => {
      channel.timers.delete(timer);
      void this.tick(plan, seq, channel);
    }, plan.intervalMs);
    timer.unref();
    channel.timers.add(timer);
  }

  private async tick(plan: TickerPlan, seq: number, channel: ChannelTickers): Promise<void> {
    const result = { seq, of: plan.count, at: new Date().toISOString() };
    try {
      if (!(await this.transfer.push(plan.channelId, { method: 'ticker', result }))) {
        this.stop(plan.channelId); // the client left (1105): every ticker of the channel ends
        return this.finish(plan.channelId, channel);
      }
    } catch (error) {
      this.logger.warn(
        `ticker push to ${plan.channelId} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return this.finish(plan.channelId, channel);
    }
    // Only a stop (1105, `offline`) ends the others: another subscription of the channel finishing
    // while this tick was in flight must not (it once did, and pushes went missing).
    if (seq < plan.count && !channel.stopped) return this.schedule(plan, seq + 1, channel);
    this.finish(plan.channelId, channel);
  }

  private finish(channelId: string, channel: ChannelTickers): void {
    channel.running--;
    if (channel.running === 0 && this.channels.get(channelId) === channel) this.channels.delete(channelId);
  }
}
