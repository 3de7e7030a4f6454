import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Turns off the GIN "fast update" pending list of the permissions index. With it on, new entries
 * wait in an unsorted list until a vacuum, and every `permissions @> ARRAY[service]` search (each
 * registration and removal, to find the callers to push) scans that whole list: during a burst of
 * registrations, a cost in proportion to the registry's size. Off, an insert updates the index
 * itself, a little dearer, and a search stays a lookup.
 */
export class PermissionsIndexNoPendingList1760000000002 implements MigrationInterface {
  name = 'PermissionsIndexNoPendingList1760000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER INDEX "IDX_discovery_instance_permissions" SET (fastupdate = off)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER INDEX "IDX_discovery_instance_permissions" RESET (fastupdate)`);
  }
}
