import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { componentLogger } from '@gatehouse/platform';
import { AUTH_CONFIG, type AuthConfig, maxTokenLifetimeSec } from '../config';
import { KEY_ENCRYPTION } from './keys.tokens';
import type { KeyEncryption } from '@gatehouse/secrets';
import { generateKeyMaterial } from './key-material';
import { KeyRing } from './key-ring.service';
import { SIGNING_ALG } from './signing-key';
import { SigningKeyRepository } from './signing-key.repository';

export interface RotationResult {
  kid: string;
  activatesAt: string;
}

/**
 * Key lifecycle: the first key signs at once (nobody can hold tokens yet); every later key is
 * published `publishLeadSec` before it signs, so verifiers' JWKS caches (max-age is below the lead)
 * already hold it; the keys it replaces retire `maxTokenLifetime` after that, when every token they
 * signed has expired. Rotation runs on a schedule and on demand (admin endpoint).
 */
@Injectable()
export class KeyRotationService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = componentLogger(KeyRotationService.name);
  private timers: NodeJS.Timeout[] = [];

  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    @Inject(KEY_ENCRYPTION) private readonly encryption: KeyEncryption,
    private readonly repository: SigningKeyRepository,
    private readonly ring: KeyRing,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.rotateIfDue();
    await this.ring.reload();
  }

  onApplicationBootstrap(): void {
    const { reloadIntervalSec } = this.config.keys;
    const every = (sec: number, work: () => Promise<unknown>) => {
      const run = () =>
        void work().catch((err: unknown) => this.logger.error({ err }, 'key maintenance failed'));
      const timer = setInterval(run, sec * 1000);
      timer.unref();
      this.timers.push(timer);
    };
    every(reloadIntervalSec, () => this.ring.reload());
    // Checked often, acted on once per interval: the newest key's age decides, under a lock.
    every(Math.min(reloadIntervalSec * 4, this.config.keys.rotationIntervalSec), () => this.rotateIfDue());
  }

  onModuleDestroy(): void {
    this.timers.forEach(clearInterval);
    this.timers = [];
  }

  /** Admin rotation: always adds a key (published now, signing after the lead time). */
  async rotateNow(): Promise<RotationResult> {
    const created = await this.rotate(true);
    if (!created) throw new Error('rotation declined');
    return created;
  }

  async rotateIfDue(): Promise<RotationResult | undefined> {
    return this.rotate(false);
  }

  private async rotate(force: boolean): Promise<RotationResult | undefined> {
    const { publishLeadSec, rotationIntervalSec } = this.config.keys;
    const created = await this.repository.rotate(() => generateKeyMaterial(SIGNING_ALG, this.encryption), {
      decide: (newest) => {
        const now = Date.now();
        if (!force && newest && now - newest.getTime() < rotationIntervalSec * 1000) return undefined;
        const activatesAt = new Date(newest ? now + publishLeadSec * 1000 : now);
        return {
          activatesAt,
          retireOthersAt: new Date(activatesAt.getTime() + maxTokenLifetimeSec(this.config) * 1000),
        };
      },
    });
    if (!created) return undefined;
    this.logger.info(`signing key ${created.kid} published; signs from ${created.activatesAt.toISOString()}`);
    await this.ring.reload();
    return { kid: created.kid, activatesAt: created.activatesAt.toISOString() };
  }
}
