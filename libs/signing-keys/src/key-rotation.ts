import type { OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import type { KeyEncryption } from '@gatehouse/secrets';
import { generateSigningKey } from './key-material';
import type { KeyRing } from './key-ring';
import { type KeySchedulePolicy, planRotation, rotationDue } from './key-schedule';
import type { SigningAlg, StoredSigningKey } from './signing-key';
import type { SigningKeyStore } from './signing-key-store';

export interface KeyRotationOptions {
  readonly policy: KeySchedulePolicy;
  /** The algorithm of the keys this app creates. */
  readonly alg: SigningAlg;
  /** How often this replica rereads the keys, and checks whether a new one is due. */
  readonly reloadIntervalMs: number;
  /** False on a replica that must not create keys on schedule (it still creates the first one). */
  readonly scheduled: boolean;
}

/**
 * Keeps an app's keys on schedule: at boot, the first key (or an overdue one) is created and the
 * ring loaded before anything signs; then, every reload interval, a due key is created and the
 * ring reloaded. Due-ness is checked against the ring first, so the lock is only taken when a key
 * is likely due. Nest calls the hooks; the `rotate*` methods are the on-demand rotation.
 */
export class KeyRotation implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly store: SigningKeyStore,
    private readonly ring: KeyRing,
    private readonly encryption: KeyEncryption,
    private readonly options: KeyRotationOptions,
    private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.rotate(this.options.scheduled ? 'if-due' : 'if-empty');
    await this.ring.reload();
  }

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** On demand: always adds a key (published now, signing after the publish lead). */
  async rotateNow(): Promise<StoredSigningKey> {
    const created = await this.rotate('always');
    if (!created) throw new Error('rotation declined');
    return created;
  }

  rotateIfDue(): Promise<StoredSigningKey | undefined> {
    return this.rotate('if-due');
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((err: unknown) => this.logger.error({ err }, 'signing key maintenance failed'))
        .finally(() => this.schedule());
    }, this.options.reloadIntervalMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const { scheduled, policy } = this.options;
    if (scheduled && rotationDue(this.ring.newestCreatedAt(), new Date(), policy)) await this.rotateIfDue();
    await this.ring.reload();
  }

  private async rotate(when: 'always' | 'if-due' | 'if-empty'): Promise<StoredSigningKey | undefined> {
    const { policy, alg } = this.options;
    const created = await this.store.rotate(
      (newest, now) => {
        const due =
          when === 'always' || (when === 'if-due' ? rotationDue(newest, now, policy) : newest === undefined);
        return due ? planRotation(newest, now, policy) : undefined;
      },
      () => generateSigningKey(alg, this.encryption),
    );
    if (!created) return undefined;
    this.logger.info(
      { kid: created.kid, activatesAt: created.activatesAt.toISOString() },
      'signing key published',
    );
    await this.ring.reload();
    return created;
  }
}
