import { Controller, Get, UseGuards } from '@nestjs/common';
import { ConnectorAuthGuard } from '../connector/connector-auth.guard';
import { DailyStatsService, type DayStats } from './daily-stats.service';

/** Daily statistics for operators, on the internal connector port. */
@Controller('stats')
@UseGuards(ConnectorAuthGuard)
export class StatsController {
  constructor(private readonly stats: DailyStatsService) {}

  @Get('daily')
  async daily(): Promise<DayStats[]> {
    await this.stats.flush();
    return this.stats.days();
  }
}
