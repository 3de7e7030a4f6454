import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/**
 * Serialises membership changes that could miss each other: a change to service S reads the callers
 * of S and the instances of S's permissions, so it locks S and every permitted name. Two changes
 * whose affected sets depend on each other always share a lock. Taken in ascending key order, so
 * transactions never deadlock on them.
 */
export async function lockServices(manager: EntityManager, names: Iterable<string>): Promise<void> {
  const keys = [...new Set([...names].map(lockKey))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (keys.length === 0) return;
  // One round trip; PostgreSQL evaluates a volatile function in the select list after the sort.
  await manager.query('SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS k ORDER BY k', [
    keys.map((k) => k.toString()),
  ]);
}

function lockKey(name: string): bigint {
  return createHash('sha256').update(`discovery-service:${name}`).digest().readBigInt64BE(0);
}
