import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { PROVIDER_CONFIG, type ProviderConfig } from '../config';
import { DiscoveryError, DiscoveryErrorCode } from '../errors';
import { OutboxRepository } from '../delivery/outbox.repository';
import { PushSignal } from '../delivery/push-signal';
import { affectedInstances } from './affected';
import { JOIN_SQL, type JoinRow } from './join.sql';
import { newPairToken, revokeTokensOf } from './pair-tokens';
import { lockServices } from './service-locks';
import { withRetry } from './with-retry';
import { rows } from '../persistence/rows';

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
    private readonly outbox: OutboxRepository,
    private readonly signal: PushSignal,
    @Inject(PROVIDER_CONFIG) private readonly config: ProviderConfig,
  ) {}

  async join(instance: NewInstance): Promise<Membership> {
    const callees = [...new Set(instance.permissions)];
    const result = await withRetry(() =>
      this.dataSource.transaction(async (manager) => {
        await lockServices(manager, [instance.service, ...instance.permissions]);
        const [row] = (await manager.query(JOIN_SQL, [
          instance.id,
          instance.service,
          instance.permissions,
          instance.configJti,
          instance.host,
          instance.gateHost,
          instance.ip,
          instance.keyHash,
          this.config.liveness.pingIntervalMs,
          callees.map(() => randomUUID()),
          callees.map(newPairToken),
          callees,
        ])) as JoinRow[];
        assertUsable(row);
        // The same key registered twice (a retry, or the same request on two replicas): one instance.
        // The statement's snapshot predates a concurrent insert it waited for, hence a fresh read.
        const instanceId = row!.inserted_id ?? (await existingId(manager, instance.keyHash));
        return { instanceId, revision: Number(row!.revision) };
      }),
    );
    this.signal.kick();
    return result;
  }

  /** Refuses early (before any confirm call) a token that is unknown, revoked or expired. */
  async assertTokenUsable(jti: string): Promise<void> {
    await assertTokenUsable(this.dataSource.manager, jti);
  }

  async leaveByKey(keyHash: string): Promise<boolean> {
    const rows: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM discovery_instance WHERE key_hash = $1',
      [keyHash],
    );
    return (await this.leave(rows.map((r) => r.id))) > 0;
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
    const candidates: { service: string; permissions: string[] }[] = await manager.query(
      'SELECT service, permissions FROM discovery_instance WHERE id = ANY($1::uuid[])',
      [ids],
    );
    await lockServices(
      manager,
      candidates.flatMap((c) => [c.service, ...c.permissions]),
    );
    const removed = await rows<{ id: string; service: string; permissions: string[] }>(
      manager,
      'DELETE FROM discovery_instance WHERE id = ANY($1::uuid[]) RETURNING id, service, permissions',
      [ids],
    );
    if (removed.length === 0) return 0;
    const gone = new Set(removed.map((r) => r.id));
    await revokeTokensOf(manager, [...gone]);
    await manager.query('DELETE FROM discovery_outbox WHERE instance_id = ANY($1::uuid[])', [[...gone]]);
    const affected = new Set<string>();
    for (const shape of uniqueShapes(removed)) {
      for (const id of await affectedInstances(manager, shape.service, shape.permissions)) affected.add(id);
    }
    await this.outbox.enqueue(
      manager,
      [...affected].filter((id) => !gone.has(id)),
    );
    return removed.length;
  }
}

async function assertTokenUsable(manager: EntityManager, jti: string): Promise<void> {
  // An early refusal only, so no row lock: the join re-checks FOR SHARE against a racing revocation.
  const [row] = (await manager.query(
    `SELECT true AS known, revoked_at, expires_at <= now() AS expired FROM discovery_configuration_token WHERE jti = $1`,
    [jti],
  )) as TokenState[];
  assertUsable(row);
}

interface TokenState {
  known: boolean | null;
  revoked_at: Date | null;
  expired: boolean | null;
}

function assertUsable(row: TokenState | undefined): void {
  if (!row?.known)
    throw new DiscoveryError(DiscoveryErrorCode.InvalidConfigurationToken, 'configuration token is unknown');
  if (row.revoked_at)
    throw new DiscoveryError(DiscoveryErrorCode.ConfigurationTokenRevoked, 'configuration token was revoked');
  if (row.expired)
    throw new DiscoveryError(DiscoveryErrorCode.ConfigurationTokenExpired, 'configuration token has expired');
}

async function existingId(manager: EntityManager, keyHash: string): Promise<string> {
  const [row] = (await manager.query('SELECT id FROM discovery_instance WHERE key_hash = $1', [keyHash])) as {
    id: string;
  }[];
  if (!row)
    throw new DiscoveryError(
      DiscoveryErrorCode.TemporarilyUnavailable,
      'registration raced a removal; retry',
    );
  return row.id;
}

function uniqueShapes(
  rows: readonly { service: string; permissions: string[] }[],
): { service: string; permissions: string[] }[] {
  const seen = new Map<string, { service: string; permissions: string[] }>();
  for (const row of rows) seen.set(`${row.service}|${[...row.permissions].sort().join(',')}`, row);
  return [...seen.values()];
}
