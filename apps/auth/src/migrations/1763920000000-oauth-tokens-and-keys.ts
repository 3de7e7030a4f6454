import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Signing keys (private parts encrypted), refresh-token families, and the access-token denylist. */
export class OAuthTokensAndKeys1763920000000 implements MigrationInterface {
  name = 'OAuthTokensAndKeys1763920000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "auth_signing_keys" (
        "kid" character varying(64) NOT NULL,
        "alg" character varying(16) NOT NULL,
        "public_jwk" jsonb NOT NULL,
        "private_key_encrypted" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "activates_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "retires_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_auth_signing_keys" PRIMARY KEY ("kid")
      )`);
    await db.query(`
      CREATE TABLE "auth_refresh_tokens" (
        "hash" character varying(64) NOT NULL,
        "family_id" uuid NOT NULL,
        "parent_hash" character varying(64),
        "client_id" character varying(200) NOT NULL,
        "subject" character varying(200) NOT NULL,
        "subject_type" character varying(16) NOT NULL,
        "scope" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "family_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "consumed_at" TIMESTAMP WITH TIME ZONE,
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_auth_refresh_tokens" PRIMARY KEY ("hash")
      )`);
    await db.query(`CREATE INDEX "ix_auth_refresh_tokens_family" ON "auth_refresh_tokens" ("family_id")`);
    await db.query(
      `CREATE INDEX "ix_auth_refresh_tokens_family_expires" ON "auth_refresh_tokens" ("family_expires_at")`,
    );
    await db.query(`
      CREATE TABLE "auth_revoked_access_tokens" (
        "jti" character varying(128) NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "revoked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_auth_revoked_access_tokens" PRIMARY KEY ("jti")
      )`);
    await db.query(
      `CREATE INDEX "ix_auth_revoked_access_tokens_expires" ON "auth_revoked_access_tokens" ("expires_at")`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "auth_revoked_access_tokens"`);
    await db.query(`DROP TABLE "auth_refresh_tokens"`);
    await db.query(`DROP TABLE "auth_signing_keys"`);
  }
}
