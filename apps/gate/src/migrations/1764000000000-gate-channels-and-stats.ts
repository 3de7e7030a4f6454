import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Replicas and channel ownership (cross-replica transfer), large transfer payloads, daily statistics. */
export class GateChannelsAndStats1764000000000 implements MigrationInterface {
  name = 'GateChannelsAndStats1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "gate_replicas" (
        "replica_id" uuid NOT NULL,
        "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "heartbeat_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_gate_replicas" PRIMARY KEY ("replica_id")
      )`);
    await db.query(`
      CREATE TABLE "gate_channels" (
        "channel_id" character varying(64) NOT NULL,
        "replica_id" uuid NOT NULL,
        "connected_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_gate_channels" PRIMARY KEY ("channel_id")
      )`);
    await db.query(`CREATE INDEX "ix_gate_channels_replica" ON "gate_channels" ("replica_id")`);
    await db.query(`
      CREATE TABLE "gate_transfer_payloads" (
        "id" uuid NOT NULL,
        "payload" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_gate_transfer_payloads" PRIMARY KEY ("id")
      )`);
    await db.query(`
      CREATE TABLE "gate_daily_stats" (
        "day" date NOT NULL,
        "connections" bigint NOT NULL DEFAULT '0',
        CONSTRAINT "pk_gate_daily_stats" PRIMARY KEY ("day")
      )`);
    await db.query(`
      CREATE TABLE "gate_daily_users" (
        "day" date NOT NULL,
        "user_name" character varying(256) NOT NULL,
        CONSTRAINT "pk_gate_daily_users" PRIMARY KEY ("day", "user_name")
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'gate_daily_users',
      'gate_daily_stats',
      'gate_transfer_payloads',
      'gate_channels',
      'gate_replicas',
    ]) {
      await db.query(`DROP TABLE "${table}"`);
    }
  }
}
