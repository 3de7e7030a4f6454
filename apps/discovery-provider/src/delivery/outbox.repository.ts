import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { runStatement, type Statement } from '../persistence/statement';

/**
 * A pending row needs a new version only when it is leased (a push is being built or sent from an
 * older state; the bump makes `complete` re-arm it), waiting out a backoff, or retried already. A
 * row that is simply due carries no state to update: its view is built when it is sent. Skipping
 * those updates saves most outbox writes while registrations arrive faster than pushes go out.
 */
export const NEEDS_NEW_VERSION =
  'discovery_outbox.leased_until IS NOT NULL OR discovery_outbox.due_at > now() OR discovery_outbox.attempts > 0';

export interface ClaimedPush {
  instanceId: string;
  version: number;
  attempts: number;
}

/** The outbox of pushes: one row per instance that owes it its latest view. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Marks instances as owing a push, inside the caller's transaction. A pending row is bumped, not
   * duplicated (coalescing). Sorted so concurrent transactions lock rows in one order.
   */
  async enqueue(manager: EntityManager, instanceIds: Iterable<string>): Promise<void> {
    const ids = [...new Set(instanceIds)].sort();
    if (ids.length === 0) return;
    await manager.query(
      `INSERT INTO discovery_outbox (instance_id, version, due_at)
       SELECT id, 1, now() FROM unnest($1::uuid[]) AS id
       ON CONFLICT (instance_id) DO UPDATE
         SET version = discovery_outbox.version + 1, due_at = now(), attempts = 0
         WHERE ${NEEDS_NEW_VERSION}`,
      [ids],
    );
  }

  /** Leases due rows no other worker holds (SKIP LOCKED: replicas never wait for each other). */
  async claim(limit: number, leaseMs: number): Promise<ClaimedPush[]> {
    const claimed = await runStatement<{ instance_id: string; version: number; attempts: number }>(
      this.dataSource,
      CLAIM,
      [limit, leaseMs],
    );
    return claimed.map((r) => ({ instanceId: r.instance_id, version: r.version, attempts: r.attempts }));
  }

  /**
   * Delivered: gone, unless a newer change arrived meanwhile (then it is due again at once; the
   * count of those is returned). Rows
   * are locked in instance-id order first, the order `enqueue` takes, so a batch never deadlocks
   * with a registration bumping the same rows.
   */
  async complete(pushes: readonly ClaimedPush[]): Promise<number> {
    if (pushes.length === 0) return 0;
    const rearmed = await runStatement<{ instance_id: string }>(this.dataSource, COMPLETE, [
      pushes.map((p) => p.instanceId),
      pushes.map((p) => p.version),
    ]);
    return rearmed.length;
  }

  /** Not delivered: due again after `delayMs`, or at once when a newer change arrived. */
  async retry(push: ClaimedPush, delayMs: number, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE discovery_outbox SET leased_until = NULL, last_error = $4,
         attempts = CASE WHEN version = $2 THEN attempts + 1 ELSE attempts END,
         due_at = CASE WHEN version = $2 THEN now() + $3 * interval '1 millisecond' ELSE due_at END
       WHERE instance_id = $1`,
      [push.instanceId, push.version, delayMs, error.slice(0, 500)],
    );
  }

  async drop(instanceId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM discovery_outbox WHERE instance_id = $1', [instanceId]);
  }

  async pending(): Promise<number> {
    const [row] = (await this.dataSource.query('SELECT count(*)::int AS n FROM discovery_outbox')) as {
      n: number;
    }[];
    return row?.n ?? 0;
  }
}

// Delivery's statements, prepared once per pooled connection (`runStatement`); each method says why.
const CLAIM: Statement = {
  name: 'gatehouse_discovery_outbox_claim',
  text: `UPDATE discovery_outbox o SET leased_until = now() + $2 * interval '1 millisecond'
         FROM (SELECT instance_id FROM discovery_outbox
               WHERE due_at <= now() AND (leased_until IS NULL OR leased_until < now())
               ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
         WHERE o.instance_id = due.instance_id
         RETURNING o.instance_id, o.version, o.attempts`,
};

const COMPLETE: Statement = {
  name: 'gatehouse_discovery_outbox_complete',
  text: `WITH locked AS MATERIALIZED (
           SELECT instance_id, version FROM discovery_outbox WHERE instance_id = ANY($1::uuid[])
            ORDER BY instance_id FOR UPDATE
         ), done AS (
           DELETE FROM discovery_outbox o USING locked l, unnest($1::uuid[], $2::int[]) AS d(id, version)
            WHERE o.instance_id = l.instance_id AND d.id = l.instance_id AND d.version = l.version
           RETURNING o.instance_id)
         UPDATE discovery_outbox o SET leased_until = NULL FROM locked l
          WHERE o.instance_id = l.instance_id AND o.instance_id NOT IN (SELECT instance_id FROM done)
          RETURNING o.instance_id`,
};
