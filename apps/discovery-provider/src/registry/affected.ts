import type { EntityManager } from 'typeorm';

/**
 * Instances whose view changes when an instance of `service` with `permissions` joins or leaves:
 * those allowed to call `service` (their permissions/hosts) and those it may call (their allows).
 * Proportional to the instance's degree in the permission graph, never to the registry's size.
 */
export async function affectedInstances(
  manager: EntityManager,
  service: string,
  permissions: readonly string[],
): Promise<string[]> {
  const rows: { id: string }[] = await manager.query(
    `SELECT id FROM discovery_instance WHERE permissions @> ARRAY[$1]::text[] OR service = ANY($2::varchar[])`,
    [service, permissions],
  );
  return rows.map((r) => r.id);
}
