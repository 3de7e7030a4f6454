import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  type HealthCheckResult,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { PLATFORM_OPTIONS, type PlatformOptions } from '../platform.options';

/**
 * A library's condition for readiness (libs/discovery-client offers one: its first view), found by
 * this well-known key so such a library needs no dependency on the platform.
 */
const READINESS_PROBE = Symbol.for('gatehouse.readiness-probe');
interface ReadinessProbe {
  readonly name: string;
  ready(): boolean;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicator: HealthIndicatorService,
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
    @Optional() @Inject(READINESS_PROBE) private readonly probe?: ReadinessProbe,
  ) {}

  /** The process answers: restart it only when this fails. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** It can serve traffic: the database answers within a second, and the probe (if any) is ready. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    const probe = this.probe;
    return this.health.check([
      ...(this.options.database ? [() => this.db.pingCheck('database', { timeout: 1000 })] : []),
      ...(probe
        ? [
            () => {
              const session = this.indicator.check(probe.name);
              return probe.ready() ? session.up() : session.down();
            },
          ]
        : []),
    ]);
  }
}
