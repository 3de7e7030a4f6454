import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rotation as one round trip: `auth_refresh_rotate` runs the family lock and the consume+insert
 * statement that `RefreshTokenRepository.rotate` sent as BEGIN, lock, rotate, COMMIT (four round
 * trips on one checked-out connection, which held refresh_token near 1,500/s). The statements and
 * their order are unchanged: PL/pgSQL gives each statement of a volatile function its own snapshot
 * in READ COMMITTED, so the rotate statement still sees a revocation that committed while the lock
 * waited, exactly as the separate statements of the transaction did.
 */
export class RefreshRotateFunction1764700000000 implements MigrationInterface {
  name = 'RefreshRotateFunction1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION "auth_refresh_rotate"(p_hash varchar, p_client_id varchar, p_child_hash varchar, p_child_expires_at timestamptz)
      RETURNS TABLE ("family_id" uuid, "subject" varchar, "subject_type" varchar, "scope" text, "child_expires_at" timestamptz,
                     "user_id" uuid, "user_roles" text[], "user_disabled" boolean)
      LANGUAGE plpgsql VOLATILE AS $fn$
      #variable_conflict use_column
      BEGIN
        -- The family of p_hash, locked, when it is not revoked; revokeFamily takes the same lock.
        PERFORM 1 FROM "auth_refresh_families" f
          WHERE f."family_id" = (SELECT t."family_id" FROM "auth_refresh_tokens" t WHERE t."hash" = p_hash)
            AND f."revoked_at" IS NULL
          FOR UPDATE;
        IF NOT FOUND THEN
          RETURN;
        END IF;
        -- consumed_at IS NULL is re-checked under the row lock: of N concurrent uses exactly one gets a row.
        RETURN QUERY
          WITH parent AS (
            UPDATE "auth_refresh_tokens" SET "consumed_at" = now()
             WHERE "hash" = p_hash AND "client_id" = p_client_id AND "consumed_at" IS NULL AND "revoked_at" IS NULL
               AND "expires_at" > now() AND "family_expires_at" > now()
             RETURNING "family_id", "client_id", "subject", "subject_type", "scope", "family_expires_at"
          ), child AS (
            INSERT INTO "auth_refresh_tokens" ("hash", "family_id", "parent_hash", "client_id", "subject", "subject_type",
                                               "scope", "expires_at", "family_expires_at")
            SELECT p_child_hash, "family_id", p_hash, "client_id", "subject", "subject_type", "scope",
                   LEAST(p_child_expires_at, "family_expires_at"), "family_expires_at" FROM parent
            RETURNING "expires_at"
          )
          SELECT p."family_id", p."subject", p."subject_type", p."scope", c."expires_at",
                 u."id", u."roles", u."disabled"
            FROM parent p CROSS JOIN child c
            LEFT JOIN "users" u ON p."subject_type" = 'user' AND u."username" = p."subject";
      END
      $fn$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION "auth_refresh_rotate"(varchar, varchar, varchar, timestamptz)`);
  }
}
