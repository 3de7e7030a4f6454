import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { GATE_CONFIG, type GateConfig } from './config';
import { ClientListener } from './connections/client-listener.service';
import { ChannelDirectory } from './connector/channel-directory.service';
import { ForwardingService } from './forwarding/forwarding.service';
import { DailyStatsService } from './stats/daily-stats.service';

/**
 * The order of a graceful stop, in one place: clients drain and get 1001, their `offline`
 * notifications reach the facade, statistics and the channel directory are written while the
 * database pool (closed in the later shutdown phase) is still open.
 */
@Injectable()
export class GateShutdown implements BeforeApplicationShutdown {
  constructor(
    @Inject(GATE_CONFIG) private readonly config: GateConfig,
    private readonly listener: ClientListener,
    private readonly forwarding: ForwardingService,
    private readonly stats: DailyStatsService,
    private readonly directory: ChannelDirectory,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.listener.drain();
    await this.forwarding.facade.drain(Math.min(this.config.facade.timeoutMs, 5_000));
    await this.stats.stop();
    await this.directory.stop();
    await this.forwarding.facade.close();
  }
}
