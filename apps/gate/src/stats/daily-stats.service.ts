import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { PLATFORM_LOGGER } from '@gatehouse/platform';
import type { Logger } from 'pino';
import { GATE_CONFIG, type GateConfig } from '../config';
import { ConnectionRegistry } from '../connections/connection-registry.service';
import { DailyStatsRepository } from './daily-stats.repository';
import { statsDay } from './stats-day';

/** One statistics day: its connection count and users, in the shape the report endpoint returns. */
export interface DayStats {
  day: string;
  connections: number;
  uniqueUsers: number;
}

/**
 * Daily statistics (connections, unique users) shared by all replicas. Counted in memory and
 * written in one upsert per flush period, so the hot path never waits for the database.
 */
@Injectable()
export class DailyStatsService implements OnModuleInit {
  private connections = new Map<string, number>();
  private users = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(GATE_CONFIG) private readonly config: GateConfig,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    private readonly repository: DailyStatsRepository,
    private readonly registry: ConnectionRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.observe({
      connected: () => {
        const day = this.today();
        this.connections.set(day, (this.connections.get(day) ?? 0) + 1);
      },
      authorized: (connection) => {
        const day = this.today();
        let seen = this.users.get(day);
        if (!seen) this.users.set(day, (seen = new Set()));
        if (connection.user !== null) seen.add(connection.user);
      },
    });
    this.timer = setInterval(() => void this.flush(), this.config.statsFlushMs).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  async flush(): Promise<void> {
    const connections = this.connections;
    const users = this.users;
    this.connections = new Map();
    this.users = new Map();
    try {
      for (const [day, count] of connections) await this.repository.addConnections(day, count);
      for (const [day, names] of users) await this.repository.addUsers(day, [...names]);
    } catch (error) {
      this.logger.error({ err: error }, 'daily statistics write failed');
    }
  }

  days(limit = 30): Promise<DayStats[]> {
    return this.repository.newestDays(limit);
  }

  private today(): string {
    return statsDay(new Date(), this.config.dayStartHour);
  }
}
