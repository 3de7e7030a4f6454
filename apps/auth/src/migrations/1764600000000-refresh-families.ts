import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per refresh-token family. Rotation locks it (`FOR UPDATE`) and checks it is not
 * revoked before inserting a child; revocation marks it in the same transaction as the tokens.
 * Without it, a revocation's UPDATE could miss a child inserted after its snapshot.
 */
export class RefreshFamilies1764600000000 implements MigrationInterface {
  name = 'RefreshFamilies1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "auth_refresh_families" (
        "family_id" uuid NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_auth_refresh_families" PRIMARY KEY ("family_id")
      )`);
    await db.query(
      `CREATE INDEX "ix_auth_refresh_families_expires" ON "auth_refresh_families" ("expires_at")`,
    );
    // Existing families: revoked_at is only ever set on a whole family (revokeFamily), so any revoked row means a revoked family.
    await db.query(`
      INSERT INTO "auth_refresh_families" ("family_id", "expires_at", "revoked_at")
      SELECT "family_id", max("family_expires_at"), max("revoked_at") FROM "auth_refresh_tokens" GROUP BY "family_id"`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "auth_refresh_families"`);
  }
}
