import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finds the callers of a service (`permissions @> ARRAY[service]`) through a GIN index instead of
 * scanning every instance: a registration costs in proportion to its degree, not to the registry.
 * TypeORM cannot describe a GIN index, so the entity declares it with `synchronize: false`.
 */
export class InstancePermissionsIndex1760000000001 implements MigrationInterface {
  name = 'InstancePermissionsIndex1760000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "IDX_discovery_instance_permissions" ON "discovery_instance" USING gin ("permissions")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_discovery_instance_permissions"`);
  }
}
