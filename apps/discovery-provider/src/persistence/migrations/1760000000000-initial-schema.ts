import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables of the provider, plus the one sequence every replica takes push revisions from. */
export class InitialSchema1760000000000 implements MigrationInterface {
  name = 'InitialSchema1760000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "discovery_configuration_token" ("jti" uuid NOT NULL, "name" character varying(63) NOT NULL, "permissions" text array NOT NULL, "kid" character varying(64) NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_aeff12eebc0a2023a654789423b" PRIMARY KEY ("jti"))`,
    );
    await q.query(
      `CREATE TABLE "discovery_instance" ("id" uuid NOT NULL, "service" character varying(63) NOT NULL, "permissions" text array NOT NULL, "config_jti" uuid NOT NULL, "host" character varying(2048) NOT NULL, "gate_host" character varying(2048) NOT NULL, "ip" character varying(45) NOT NULL, "key_hash" character(64) NOT NULL, "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "next_ping_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ping_failures" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_185af20043139b11575d5128c0d" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_discovery_instance_service" ON "discovery_instance"  ("service") `);
    await q.query(
      `CREATE INDEX "IDX_discovery_instance_config_jti" ON "discovery_instance"  ("config_jti") `,
    );
    await q.query(
      `CREATE UNIQUE INDEX "UQ_discovery_instance_key_hash" ON "discovery_instance"  ("key_hash") `,
    );
    await q.query(
      `CREATE INDEX "IDX_discovery_instance_next_ping_at" ON "discovery_instance"  ("next_ping_at") `,
    );
    await q.query(
      `CREATE TABLE "discovery_outbox" ("instance_id" uuid NOT NULL, "version" integer NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "leased_until" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "last_error" character varying(500), CONSTRAINT "PK_7453521b1320ece31f0c7d9837a" PRIMARY KEY ("instance_id"))`,
    );
    await q.query(`CREATE INDEX "IDX_discovery_outbox_due_at" ON "discovery_outbox"  ("due_at") `);
    await q.query(
      `CREATE TABLE "discovery_pair_token" ("id" uuid NOT NULL, "token" character varying(64) NOT NULL, "caller_instance_id" uuid NOT NULL, "callee_service" character varying(63) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "retire_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_f2a812e2572ef01bc808fcf75ef" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "UQ_discovery_pair_token_token" ON "discovery_pair_token"  ("token") `,
    );
    await q.query(
      `CREATE INDEX "IDX_discovery_pair_token_callee" ON "discovery_pair_token"  ("callee_service") WHERE revoked_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX "IDX_discovery_pair_token_pair" ON "discovery_pair_token"  ("caller_instance_id", "callee_service") `,
    );
    await q.query(
      `CREATE TABLE "discovery_signing_key" ("kid" character varying(64) NOT NULL, "alg" character varying(16) NOT NULL, "public_jwk" jsonb NOT NULL, "private_key_enc" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "retired_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_36dcfd4222a1b01edee5c3b4578" PRIMARY KEY ("kid"))`,
    );
    await q.query(`CREATE SEQUENCE "discovery_revision_seq" AS bigint START 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SEQUENCE "discovery_revision_seq"`);
    await q.query(`DROP TABLE "discovery_signing_key"`);
    await q.query(`DROP INDEX "public"."IDX_discovery_pair_token_pair"`);
    await q.query(`DROP INDEX "public"."IDX_discovery_pair_token_callee"`);
    await q.query(`DROP INDEX "public"."UQ_discovery_pair_token_token"`);
    await q.query(`DROP TABLE "discovery_pair_token"`);
    await q.query(`DROP INDEX "public"."IDX_discovery_outbox_due_at"`);
    await q.query(`DROP TABLE "discovery_outbox"`);
    await q.query(`DROP INDEX "public"."IDX_discovery_instance_next_ping_at"`);
    await q.query(`DROP INDEX "public"."UQ_discovery_instance_key_hash"`);
    await q.query(`DROP INDEX "public"."IDX_discovery_instance_config_jti"`);
    await q.query(`DROP INDEX "public"."IDX_discovery_instance_service"`);
    await q.query(`DROP TABLE "discovery_instance"`);
    await q.query(`DROP TABLE "discovery_configuration_token"`);
  }
}
