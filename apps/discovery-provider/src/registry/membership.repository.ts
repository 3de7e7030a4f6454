import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { rows } from '../persistence/rows';
import { runStatement, type Statement } from '../persistence/statement';

export interface JoinArgs {
  id: string;
  service: string;
  permissions: readonly string[];
  configJti: string;
  host: string;
  gateHost: string;
  ip: string;
  keyHash: string;
  pingIntervalMs: number;
  pairTokens: readonly { id: string; token: string; callee: string }[];
  lockKeys: readonly bigint[];
}

/** What the join found: the instance (new or already registered with the key) and the token's state. */
export interface JoinRow {
  instance_id: string | null;
  known: boolean | null;
  revoked_at: Date | null;
  expired: boolean | null;
  revision: string;
}

export interface TokenState {
  known: boolean | null;
  revoked_at: Date | null;
  expired: boolean | null;
}

export interface InstanceShape {
  id: string;
  service: string;
  permissions: string[];
}

/** The SQL of membership changes: who is registered, their pair tokens, and the service locks. */
@Injectable()
export class MembershipRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * A registration's whole write in one round trip, locks included (migration
   * 1764800000000-join-function.ts says what the function does and why it is one).
   */
  async join(args: JoinArgs): Promise<JoinRow | undefined> {
    const [row] = await runStatement<JoinRow>(this.dataSource, JOIN, [
      args.id,
      args.service,
      args.permissions,
      args.configJti,
      args.host,
      args.gateHost,
      args.ip,
      args.keyHash,
      args.pingIntervalMs,
      args.pairTokens.map((p) => p.id),
      args.pairTokens.map((p) => p.token),
      args.pairTokens.map((p) => p.callee),
      args.lockKeys.map(String),
    ]);
    return row;
  }

  /** An early refusal only, so no row lock: the join re-checks FOR SHARE against a racing revocation. */
  async tokenState(jti: string): Promise<TokenState | undefined> {
    const [row] = await runStatement<TokenState>(this.dataSource, TOKEN_STATE, [jti]);
    return row;
  }

  /** The instance registered with a key (at most one: the key hash is unique). */
  async idsByKey(keyHash: string): Promise<string[]> {
    const found = await rows<{ id: string }>(
      this.dataSource,
      'SELECT id FROM discovery_instance WHERE key_hash = $1',
      [keyHash],
    );
    return found.map((r) => r.id);
  }

  /** Services and permissions of instances about to leave, to know which locks to take first. */
  async shapesOf(manager: EntityManager, ids: readonly string[]): Promise<InstanceShape[]> {
    return rows<InstanceShape>(
      manager,
      'SELECT id, service, permissions FROM discovery_instance WHERE id = ANY($1::uuid[])',
      [ids],
    );
  }

  /**
   * Transaction-scoped advisory locks, one round trip; PostgreSQL evaluates a volatile function in
   * the select list after the sort, so they are taken in ascending order and never deadlock.
   */
  async lock(manager: EntityManager, keys: readonly bigint[]): Promise<void> {
    if (keys.length === 0) return;
    await manager.query('SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS k ORDER BY k', [
      keys.map(String),
    ]);
  }

  /** Removes instances; what was actually removed (a concurrent removal may have won). */
  async remove(manager: EntityManager, ids: readonly string[]): Promise<InstanceShape[]> {
    return rows<InstanceShape>(
      manager,
      'DELETE FROM discovery_instance WHERE id = ANY($1::uuid[]) RETURNING id, service, permissions',
      [ids],
    );
  }

  /** Revokes every pair token of removed callers. */
  async revokePairTokensOf(manager: EntityManager, callerIds: readonly string[]): Promise<void> {
    await manager.query(
      `UPDATE discovery_pair_token SET revoked_at = now()
        WHERE caller_instance_id = ANY($1::uuid[]) AND revoked_at IS NULL`,
      [callerIds],
    );
  }

  /** A removed instance is owed nothing any more. */
  async dropPushesTo(manager: EntityManager, ids: readonly string[]): Promise<void> {
    await manager.query('DELETE FROM discovery_outbox WHERE instance_id = ANY($1::uuid[])', [ids]);
  }

  /**
   * Instances whose view changes when an instance of `service` with `permissions` joins or leaves:
   * those allowed to call `service` (their permissions/hosts) and those it may call (their allows).
   * Index lookups proportional to the instance's degree, never to the registry's size.
   */
  async affectedBy(
    manager: EntityManager,
    service: string,
    permissions: readonly string[],
  ): Promise<string[]> {
    const found = await rows<{ id: string }>(
      manager,
      `SELECT id FROM discovery_instance WHERE permissions @> ARRAY[$1]::text[] OR service = ANY($2::varchar[])`,
      [service, permissions],
    );
    return found.map((r) => r.id);
  }
}

// The two statements of every registration, prepared once per pooled connection (`runStatement`).
const JOIN: Statement = {
  name: 'gatehouse_discovery_join',
  text: 'SELECT * FROM discovery_join($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)',
};

const TOKEN_STATE: Statement = {
  name: 'gatehouse_discovery_token_state',
  text: `SELECT true AS known, revoked_at, expires_at <= now() AS expired
           FROM discovery_configuration_token WHERE jti = $1`,
};
