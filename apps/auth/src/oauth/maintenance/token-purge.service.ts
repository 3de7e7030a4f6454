import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { componentLogger } from '@gatehouse/platform';
import { RefreshTokenService } from '../refresh/refresh-token.service';
import { AccessDenylistRepository } from '../revocation/access-denylist.repository';

const EVERY_MS = 10 * 60_000;

/** Deletes rows nothing can use any more. Idempotent, so every replica may run it. */
@Injectable()
export class TokenPurgeService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = componentLogger(TokenPurgeService.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly refreshTokens: RefreshTokenService,
    private readonly denylist: AccessDenylistRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purge(), EVERY_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async purge(): Promise<void> {
    try {
      const [refresh, access] = await Promise.all([
        this.refreshTokens.purgeExpired(),
        this.denylist.purgeExpired(),
      ]);
      if (refresh + access > 0) this.logger.info({ refresh, access }, 'purged expired token rows');
    } catch (err) {
      this.logger.error({ err }, 'token purge failed');
    }
  }
}
