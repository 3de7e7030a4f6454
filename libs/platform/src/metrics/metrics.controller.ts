import { timingSafeEqual } from 'node:crypto';
import {
  Controller,
  Get,
  Header,
  Headers,
  HttpException,
  HttpStatus,
  Inject,
  NotFoundException,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { type OpsSettings } from '../ops/ops-settings';
import { PLATFORM_OPS } from '../platform.options';
import { MetricsService } from './metrics.service';

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  private readonly expected: Buffer | undefined;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(PLATFORM_OPS) private readonly ops: OpsSettings,
  ) {
    this.expected = ops.metricsToken === undefined ? undefined : Buffer.from(`Bearer ${ops.metricsToken}`);
  }

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(@Headers('authorization') authorization: string | undefined): Promise<string> {
    if (!this.ops.metricsEnabled)
      throw new NotFoundException('metrics are off in production without GATEHOUSE_METRICS_TOKEN');
    if (this.expected && !this.matches(authorization)) {
      throw new HttpException(
        { detail: 'a bearer metrics token is required', code: 'unauthorized' },
        HttpStatus.UNAUTHORIZED,
      );
    }
    return this.metrics.registry.metrics();
  }

  private matches(authorization: string | undefined): boolean {
    const given = Buffer.from(authorization ?? '');
    return given.length === this.expected!.length && timingSafeEqual(given, this.expected!);
  }
}
