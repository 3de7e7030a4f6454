import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { PLATFORM_LOGGER } from '@gatehouse/platform';
import { Client, type Notification } from 'pg';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { GATE_CONFIG, type GateConfig } from '../config';
import { ConnectionRegistry } from '../connections/connection-registry.service';
import { type Delivery, deliverLocally } from './local-delivery';
import {
  MAX_NOTIFY_BYTES,
  notifyChannel,
  parseReplicaMessage,
  type ReplicaMessage,
} from './replica-messages';

const HEARTBEAT_MS = 5_000;
/** A replica silent this long is dead: its channels are ignored, then deleted. */
const STALE = `interval '30 seconds'`;
const FLUSH_MS = 20;
/** The LISTEN connection is retried with backoff between these bounds until it succeeds. */
const LISTEN_RETRY_MIN_MS = 250;
const LISTEN_RETRY_MAX_MS = 5_000;

/**
 * Channel ownership across replicas on one PostgreSQL. Each replica records the channels it holds
 * (batched writes), heartbeats, and LISTENs on its own NOTIFY channel; a transfer for a channel held
 * elsewhere is NOTIFYed to the holder, which delivers it and acknowledges. A channel is "gone" (1105)
 * only when no live replica holds it.
 */
@Injectable()
export class ChannelDirectory implements OnModuleInit {
  readonly replicaId = randomUUID();
  private listener: Client | undefined;
  private readonly waiting = new Map<string, (delivery: Delivery | 'timeout') => void>();
  private added: string[] = [];
  private removed: string[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  /** A directory write failed (the database was away): rewrite this replica's rows once it is back. */
  private outOfSync = false;
  private stopped = false;

  constructor(
    @Inject(GATE_CONFIG) private readonly config: GateConfig,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    private readonly db: DataSource,
    private readonly registry: ConnectionRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.db.query(`INSERT INTO gate_replicas (replica_id) VALUES ($1)`, [this.replicaId]);
    await this.listen();
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS).unref();
    this.registry.observe({
      connected: (c) => this.queue(this.added, c.channelId),
      disconnected: (c) => this.queue(this.removed, c.channelId),
    });
  }

  /** Delivers to the replica that holds `channelId`; undefined when no live replica does. */
  async deliverElsewhere(channelId: string, text: string): Promise<Delivery | 'timeout'> {
    const rows: { replica_id: string }[] = await this.db.query(
      `SELECT c.replica_id FROM gate_channels c JOIN gate_replicas r ON r.replica_id = c.replica_id
        WHERE c.channel_id = $1 AND c.replica_id <> $2 AND r.heartbeat_at > now() - ${STALE}`,
      [channelId, this.replicaId],
    );
    if (rows.length === 0) return 'gone';
    const corr = randomUUID();
    const message: ReplicaMessage = { t: 'transfer', corr, from: this.replicaId, channelId, text };
    if (Buffer.byteLength(text) > MAX_NOTIFY_BYTES) {
      const ref = randomUUID();
      await this.db.query(`INSERT INTO gate_transfer_payloads (id, payload) VALUES ($1, $2)`, [ref, text]);
      delete message.text;
      message.ref = ref;
    }
    const answer = new Promise<Delivery | 'timeout'>((resolve) => {
      const timer = setTimeout(() => settle('timeout'), this.config.replicaAckTimeoutMs);
      const settle = (delivery: Delivery | 'timeout'): void => {
        clearTimeout(timer);
        this.waiting.delete(corr);
        resolve(delivery);
      };
      this.waiting.set(corr, settle);
    });
    await this.notify(rows[0]!.replica_id, message);
    return answer;
  }

  /** Final writes before the pool closes: this replica and its channels leave the directory. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.flushTimer);
    await this.writing;
    await this.db
      .query(`DELETE FROM gate_channels WHERE replica_id = $1`, [this.replicaId])
      .catch(() => undefined);
    await this.db
      .query(`DELETE FROM gate_replicas WHERE replica_id = $1`, [this.replicaId])
      .catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
  }

  private queue(list: string[], channelId: string): void {
    list.push(channelId);
    if (!this.flushTimer && !this.stopped) this.flushTimer = setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const added = this.added;
    const removed = this.removed;
    this.added = [];
    this.removed = [];
    this.writing = this.writing.then(() => this.write(added, removed));
  }

  private async write(added: string[], removed: string[]): Promise<void> {
    try {
      if (added.length > 0) {
        await this.db.query(
          `INSERT INTO gate_channels (channel_id, replica_id) SELECT unnest($1::varchar[]), $2
           ON CONFLICT (channel_id) DO UPDATE SET replica_id = EXCLUDED.replica_id`,
          [added, this.replicaId],
        );
      }
      if (removed.length > 0) {
        await this.db.query(
          `DELETE FROM gate_channels WHERE channel_id = ANY($1::varchar[]) AND replica_id = $2`,
          [removed, this.replicaId],
        );
      }
    } catch (error) {
      this.outOfSync = true;
      this.logger.error(
        { err: error },
        'channel directory write failed; rewriting it once the database answers',
      );
    }
  }

  /** Replaces this replica's rows with the channels it holds now, after writes were lost. */
  private async resync(): Promise<void> {
    this.outOfSync = false;
    const held = [...this.registry.all()].map((c) => c.channelId);
    try {
      await this.db.transaction(async (tx) => {
        await tx.query(`DELETE FROM gate_channels WHERE replica_id = $1`, [this.replicaId]);
        await tx.query(
          `INSERT INTO gate_channels (channel_id, replica_id) SELECT unnest($1::varchar[]), $2
           ON CONFLICT (channel_id) DO UPDATE SET replica_id = EXCLUDED.replica_id`,
          [held, this.replicaId],
        );
      });
    } catch (error) {
      this.outOfSync = true;
      this.logger.error({ err: error }, 'channel directory resync failed');
    }
  }

  private async beat(): Promise<void> {
    try {
      await this.db.query(
        `INSERT INTO gate_replicas (replica_id) VALUES ($1) ON CONFLICT (replica_id) DO UPDATE SET heartbeat_at = now()`,
        [this.replicaId],
      );
      // Queued behind pending writes, so the rewrite sees every connect and disconnect before it.
      if (this.outOfSync) this.writing = this.writing.then(() => this.resync());
      // Whoever notices a dead replica cleans up after it.
      await this.db.query(
        `DELETE FROM gate_channels c USING gate_replicas r WHERE c.replica_id = r.replica_id AND r.heartbeat_at < now() - ${STALE}`,
      );
      await this.db.query(`DELETE FROM gate_replicas WHERE heartbeat_at < now() - ${STALE}`);
      await this.db.query(`DELETE FROM gate_transfer_payloads WHERE created_at < now() - ${STALE}`);
    } catch (error) {
      this.logger.error({ err: error }, 'replica heartbeat failed');
    }
  }

  /**
   * LISTENs on this replica's channel, retrying with backoff for as long as the database is away
   * (a single retry would leave the replica deaf to transfers after an outage longer than it).
   */
  private async listen(): Promise<void> {
    let delayMs = LISTEN_RETRY_MIN_MS;
    for (;;) {
      if (this.stopped) return;
      try {
        await this.openListener();
        return;
      } catch (error) {
        this.logger.warn({ err: error, retryInMs: delayMs }, 'replica listener cannot connect; retrying');
        await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
        delayMs = Math.min(delayMs * 2, LISTEN_RETRY_MAX_MS);
      }
    }
  }

  private async openListener(): Promise<void> {
    const client = new Client({ connectionString: (this.db.options as { url: string }).url });
    client.on('notification', (n: Notification) => {
      this.received(n.payload).catch((error: unknown) =>
        this.logger.error({ err: error }, 'replica message failed'),
      );
    });
    client.on('error', (error) => {
      // Only the live listener reconnects; a client that failed to connect is retried by listen().
      if (this.listener !== client) return;
      this.listener = undefined;
      client.end().catch(() => undefined);
      this.logger.error({ err: error }, 'replica listener lost its connection; reconnecting');
      void this.listen();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${notifyChannel(this.replicaId)}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
  }

  private async received(payload: string | undefined): Promise<void> {
    const message = parseReplicaMessage(payload);
    if (!message) return;
    if (message.t === 'ack') {
      this.waiting.get(message.corr)?.(message.delivery);
      return;
    }
    let text = message.text;
    if (text === undefined && message.ref !== undefined) {
      // TypeORM answers DELETE … RETURNING with [rows, rowCount].
      const [rows] = (await this.db.query(
        `DELETE FROM gate_transfer_payloads WHERE id = $1 RETURNING payload`,
        [message.ref],
      )) as [{ payload: string }[], number];
      text = rows[0]?.payload;
    }
    const delivery =
      text === undefined ? 'failed' : (deliverLocally(this.registry, message.channelId, text) ?? 'gone');
    await this.notify(message.from, { t: 'ack', corr: message.corr, delivery });
  }

  private async notify(replicaId: string, message: ReplicaMessage): Promise<void> {
    await this.db.query(`SELECT pg_notify($1, $2)`, [notifyChannel(replicaId), JSON.stringify(message)]);
  }
}
