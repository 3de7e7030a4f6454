import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { PROVIDER_CONFIG, type ProviderConfig } from '../config';
import { DiscoveryError, DiscoveryErrorCode } from '../errors';
import { OutboxRepository } from '../delivery/outbox.repository';
import { PushSignal } from '../delivery/push-signal';
import { type InstanceShape, MembershipRepository, type TokenState } from './membership.repository';
import { newPairTokens } from './pair-tokens';
import { serviceLockKeys } from './service-locks';
import { withRetry } from './with-retry';

export interface NewInstance {
  id: string;
  service: string;
  permissions: string[];
  configJti: string;
  host: string;
  gateHost: string;
  ip: string;
  keyHash: string;
}

export interface Membership {
  instanceId: string;
  revision: number;
}

/**
 * Every change of who is registered goes through here, each in one transaction with its pair tokens
 * and the outbox rows of the instances it affects, so a crash leaves either all of it or nothing.
 */
@Injectable()
export class MembershipService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: MembershipRepository,
    private readonly outbox: OutboxRepository,
    private readonly signal: PushSignal,
    @Inject(PROVIDER_CONFIG) private readonly config: ProviderConfig,
  ) {}

  async join(instance: NewInstance): Promise<Membership> {
    const callees = [...new Set(instance.permissions)];
    const tokens = newPairTokens(callees.length);
    const pairTokens = callees.map((callee, i) => ({ id: randomUUID(), token: tokens[i]!, callee }));
    const lockKeys = serviceLockKeys([instance.service, ...instance.permissions]);
    const row = await withRetry(() =>
      this.repository.join({
        ...instance,
        pingIntervalMs: this.config.liveness.pingIntervalMs,
        pairTokens,
        lockKeys,
      }),
    );
    assertUsable(row);
    if (!row.instance_id)
      throw new DiscoveryError(
        DiscoveryErrorCode.TemporarilyUnavailable,
        'registration raced a removal; retry',
      );
    this.signal.kick();
    return { instanceId: row.instance_id, revision: Number(row.revision) };
  }

  /** Refuses early (before any confirm call) a token that is unknown, revoked or expired. */
  async assertTokenUsable(jti: string): Promise<void> {
    assertUsable(await this.repository.tokenState(jti));
  }

  async leaveByKey(keyHash: string): Promise<boolean> {
    return (await this.leave(await this.repository.idsByKey(keyHash))) > 0;
  }

  /** Removes instances, revokes their tokens and queues pushes to the instances they affected. */
  async leave(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const removed = await withRetry(() =>
      this.dataSource.transaction((manager) => this.leaveIn(manager, ids)),
    );
    this.notify(removed);
    return removed;
  }

  /** After a caller's own transaction committed removals: wake delivery. */
  notify(changed: number): void {
    if (changed > 0) this.signal.kick();
  }

  /** `leave`, inside a caller's transaction (revocation removes instances with the token row locked). */
  async leaveIn(manager: EntityManager, ids: readonly string[]): Promise<number> {
    const candidates = await this.repository.shapesOf(manager, ids);
    await this.repository.lock(
      manager,
      serviceLockKeys(candidates.flatMap((c) => [c.service, ...c.permissions])),
    );
    const removed = await this.repository.remove(manager, ids);
    if (removed.length === 0) return 0;
    const gone = new Set(removed.map((r) => r.id));
    await this.repository.revokePairTokensOf(manager, [...gone]);
    await this.repository.dropPushesTo(manager, [...gone]);
    const affected = new Set<string>();
    for (const shape of uniqueShapes(removed)) {
      for (const id of await this.repository.affectedBy(manager, shape.service, shape.permissions))
        affected.add(id);
    }
    await this.outbox.enqueue(
      manager,
      [...affected].filter((id) => !gone.has(id)),
    );
    return removed.length;
  }
}

function assertUsable<T extends TokenState>(row: T | undefined): asserts row is T {
  if (!row?.known)
    throw new DiscoveryError(DiscoveryErrorCode.InvalidConfigurationToken, 'configuration token is unknown');
  if (row.revoked_at)
    throw new DiscoveryError(DiscoveryErrorCode.ConfigurationTokenRevoked, 'configuration token was revoked');
  if (row.expired)
    throw new DiscoveryError(DiscoveryErrorCode.ConfigurationTokenExpired, 'configuration token has expired');
}

function uniqueShapes(rows: readonly InstanceShape[]): InstanceShape[] {
  const seen = new Map<string, InstanceShape>();
  for (const row of rows) seen.set(`${row.service}|${[...row.permissions].sort().join(',')}`, row);
  return [...seen.values()];
}
