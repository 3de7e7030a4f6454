import { Injectable } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

/** A replica silent this long is dead: its channels are ignored, then deleted. */
const STALE = `interval '30 seconds'`;

/**
 * `gate_replicas`, `gate_channels` and `gate_transfer_payloads`: which live replica holds which
 * channel, and transfers too large for a NOTIFY. Also the LISTEN/NOTIFY statements replicas talk with.
 */
@Injectable()
export class ChannelDirectoryRepository {
  constructor(private readonly db: DataSource) {}

  /** Registering is the first heartbeat. */
  async addReplica(replicaId: string): Promise<void> {
    await this.db.query(`INSERT INTO gate_replicas (replica_id) VALUES ($1)`, [replicaId]);
  }

  /** An upsert: a replica removed as dead after an outage comes back with its next beat. */
  async heartbeat(replicaId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO gate_replicas (replica_id) VALUES ($1) ON CONFLICT (replica_id) DO UPDATE SET heartbeat_at = now()`,
      [replicaId],
    );
  }

  /** Whoever notices a dead replica cleans up after it: its channels, itself, stale payloads. */
  async removeDead(): Promise<void> {
    await this.db.query(
      `DELETE FROM gate_channels c USING gate_replicas r WHERE c.replica_id = r.replica_id AND r.heartbeat_at < now() - ${STALE}`,
    );
    await this.db.query(`DELETE FROM gate_replicas WHERE heartbeat_at < now() - ${STALE}`);
    await this.db.query(`DELETE FROM gate_transfer_payloads WHERE created_at < now() - ${STALE}`);
  }

  /** At shutdown: this replica and its channels leave the directory (channels first, as they point at it). */
  async removeReplica(replicaId: string): Promise<void> {
    await this.db.query(`DELETE FROM gate_channels WHERE replica_id = $1`, [replicaId]);
    await this.db.query(`DELETE FROM gate_replicas WHERE replica_id = $1`, [replicaId]);
  }

  /** The live replica other than `self` that holds the channel; a dead one's rows are ignored. */
  async findHolder(channelId: string, self: string): Promise<string | undefined> {
    const rows: { replica_id: string }[] = await this.db.query(
      `SELECT c.replica_id FROM gate_channels c JOIN gate_replicas r ON r.replica_id = c.replica_id
        WHERE c.channel_id = $1 AND c.replica_id <> $2 AND r.heartbeat_at > now() - ${STALE}`,
      [channelId, self],
    );
    return rows[0]?.replica_id;
  }

  /** A reconnect to another replica takes the channel over, before the old one's removal arrives. */
  async addChannels(channelIds: readonly string[], replicaId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO gate_channels (channel_id, replica_id) SELECT unnest($1::varchar[]), $2
       ON CONFLICT (channel_id) DO UPDATE SET replica_id = EXCLUDED.replica_id`,
      [channelIds, replicaId],
    );
  }

  /** Only this replica's rows: a channel another replica took over stays with it. */
  async removeChannels(channelIds: readonly string[], replicaId: string): Promise<void> {
    await this.db.query(
      `DELETE FROM gate_channels WHERE channel_id = ANY($1::varchar[]) AND replica_id = $2`,
      [channelIds, replicaId],
    );
  }

  /** After lost writes: one transaction, so other replicas never see this replica holding nothing. */
  async replaceChannels(replicaId: string, channelIds: readonly string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM gate_channels WHERE replica_id = $1`, [replicaId]);
      await tx.query(
        `INSERT INTO gate_channels (channel_id, replica_id) SELECT unnest($1::varchar[]), $2
         ON CONFLICT (channel_id) DO UPDATE SET replica_id = EXCLUDED.replica_id`,
        [channelIds, replicaId],
      );
    });
  }

  /** A transfer too large for a NOTIFY payload waits here for its holder (removed when stale). */
  async storePayload(id: string, text: string): Promise<void> {
    await this.db.query(`INSERT INTO gate_transfer_payloads (id, payload) VALUES ($1, $2)`, [id, text]);
  }

  /** Read once: deleted as it is read. */
  async takePayload(id: string): Promise<string | undefined> {
    // TypeORM answers DELETE … RETURNING with [rows, rowCount].
    const [rows] = (await this.db.query(
      `DELETE FROM gate_transfer_payloads WHERE id = $1 RETURNING payload`,
      [id],
    )) as [{ payload: string }[], number];
    return rows[0]?.payload;
  }

  /** A client of its own for LISTEN, which holds its session: a pooled connection would lose it. */
  listenerClient(): Client {
    return new Client({ connectionString: (this.db.options as { url: string }).url });
  }

  async listen(client: Client, channel: string): Promise<void> {
    await client.query(`LISTEN ${channel}`);
  }

  /** On `client` when given (one statement, no pool checkout), else through the pool. */
  async notify(channel: string, payload: string, client?: Client): Promise<void> {
    const sql = `SELECT pg_notify($1, $2)`;
    await (client ? client.query(sql, [channel, payload]) : this.db.query(sql, [channel, payload]));
  }
}
