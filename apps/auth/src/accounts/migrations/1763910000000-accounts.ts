import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, their public keys, clients and the shared sign-in failure counters. */
export class Accounts1763910000000 implements MigrationInterface {
  name = 'Accounts1763910000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "users" (
        "id" uuid NOT NULL,
        "username" character varying(200) NOT NULL,
        "password_hash" text,
        "roles" text array NOT NULL DEFAULT '{}',
        "disabled" boolean NOT NULL DEFAULT false,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "uq_users_username" UNIQUE ("username"),
        CONSTRAINT "pk_users" PRIMARY KEY ("id")
      )`);
    await db.query(`
      CREATE TABLE "user_public_keys" (
        "id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "algorithm" character varying(16) NOT NULL,
        "public_key" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_user_public_keys" PRIMARY KEY ("id"),
        CONSTRAINT "fk_user_public_keys_user" FOREIGN KEY ("user_id")
          REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )`);
    await db.query(
      `CREATE UNIQUE INDEX "uq_user_public_keys_user_key" ON "user_public_keys" ("user_id", "public_key")`,
    );
    await db.query(`
      CREATE TABLE "clients" (
        "id" uuid NOT NULL,
        "client_id" character varying(200) NOT NULL,
        "secret_hash" text,
        "secret_hash_kind" character varying(16),
        "grants" text array NOT NULL DEFAULT '{}',
        "scopes" text array NOT NULL DEFAULT '{}',
        "roles" text array NOT NULL DEFAULT '{}',
        "disabled" boolean NOT NULL DEFAULT false,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "uq_clients_client_id" UNIQUE ("client_id"),
        CONSTRAINT "ck_clients_secret_pair" CHECK (("secret_hash" IS NULL) = ("secret_hash_kind" IS NULL)),
        CONSTRAINT "ck_clients_secret_kind" CHECK ("secret_hash_kind" IN ('sha256', 'argon2id')),
        CONSTRAINT "pk_clients" PRIMARY KEY ("id")
      )`);
    await db.query(`
      CREATE TABLE "login_failures" (
        "key" character varying(300) NOT NULL,
        "failures" integer NOT NULL,
        "locked_until" TIMESTAMP WITH TIME ZONE,
        "last_failure_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_login_failures" PRIMARY KEY ("key")
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "login_failures"`);
    await db.query(`DROP TABLE "clients"`);
    await db.query(`DROP TABLE "user_public_keys"`);
    await db.query(`DROP TABLE "users"`);
  }
}
