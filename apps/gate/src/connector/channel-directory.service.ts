import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { PLATFORM_LOGGER } from '@gatehouse/platform';
import type { Client, Notification } from 'pg';
import type { Logger } from 'pino';
import { GATE_CONFIG, type GateConfig } from '../config';
import { ConnectionRegistry } from '../connections/connection-registry.service';
import { ChannelDirectoryRepository } from './channel-directory.repository';
import { type Delivery, deliverLocally } from './local-delivery';
import {
  MAX_NOTIFY_BYTES,
  notifyChannel,
  parseReplicaMessages,
  type ReplicaMessage,
} from './replica-messages';
import { ReplicaOutbox } from './replica-outbox';

const HEARTBEAT_MS = 5_000;
const FLUSH_MS = 20;
/**
 * How long a channel's holder found in `gate_channels` is believed without asking again. Safe to
 * cache: channel ids are never reused, a holder that no longer has the channel answers `gone`
 * (then the directory is asked again), and a silent holder times out as it would uncached.
 */
const HOLDER_TTL_MS = 5_000;
const MAX_CACHED_HOLDERS = 10_000;
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
  private readonly holders = new Map<string, { replicaId: string; until: number }>();
  private readonly outbox = new ReplicaOutbox((channel, payload) => this.notify(channel, payload));
  private nextCorr = 0;
  private talking: Promise<void> = Promise.resolve();
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
    private readonly repository: ChannelDirectoryRepository,
    private readonly registry: ConnectionRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.repository.addReplica(this.replicaId);
    await this.listen();
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS).unref();
    this.registry.observe({
      connected: (c) => this.queue(this.added, c.channelId),
      disconnected: (c) => this.queue(this.removed, c.channelId),
    });
  }

  /** Delivers to the replica that holds `channelId`; `gone` when no live replica does. */
  async deliverElsewhere(channelId: string, text: string): Promise<Delivery | 'timeout'> {
    const cached = this.holders.get(channelId);
    if (cached && cached.until > Date.now()) {
      const delivery = await this.sendTo(cached.replicaId, channelId, text);
      if (delivery === 'ok' || delivery === 'failed') return delivery;
      this.holders.delete(channelId);
      // A silent holder is not asked twice (the caller would wait two ack timeouts); one that let
      // the channel go leaves the last word to the directory.
      if (delivery === 'timeout') return delivery;
    }
    const replicaId = await this.repository.findHolder(channelId, this.replicaId);
    if (replicaId === undefined) return 'gone';
    if (this.holders.size >= MAX_CACHED_HOLDERS) this.holders.delete(this.holders.keys().next().value!);
    this.holders.set(channelId, { replicaId, until: Date.now() + HOLDER_TTL_MS });
    return this.sendTo(replicaId, channelId, text);
  }

  private async sendTo(replicaId: string, channelId: string, text: string): Promise<Delivery | 'timeout'> {
    // Correlation ids only need to be unique among this replica's own waiting transfers.
    const corr = (++this.nextCorr).toString(36);
    const message: ReplicaMessage = { t: 'transfer', corr, from: this.replicaId, channelId, text };
    if (Buffer.byteLength(JSON.stringify(message)) > MAX_NOTIFY_BYTES) {
      const ref = randomUUID();
      await this.repository.storePayload(ref, text);
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
    try {
      await this.outbox.post(replicaId, message);
    } catch (error) {
      this.waiting.get(corr)?.('failed');
      throw error;
    }
    return answer;
  }

  /** Final writes before the pool closes: this replica and its channels leave the directory. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.flushTimer);
    await this.writing;
    await this.repository.removeReplica(this.replicaId).catch(() => undefined);
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
      if (added.length > 0) await this.repository.addChannels(added, this.replicaId);
      if (removed.length > 0) await this.repository.removeChannels(removed, this.replicaId);
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
      await this.repository.replaceChannels(this.replicaId, held);
    } catch (error) {
      this.outOfSync = true;
      this.logger.error({ err: error }, 'channel directory resync failed');
    }
  }

  private async beat(): Promise<void> {
    try {
      await this.repository.heartbeat(this.replicaId);
      // Queued behind pending writes, so the rewrite sees every connect and disconnect before it.
      if (this.outOfSync) this.writing = this.writing.then(() => this.resync());
      await this.repository.removeDead();
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
    const client = this.repository.listenerClient();
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
      await this.repository.listen(client, notifyChannel(this.replicaId));
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
    await Promise.all(parseReplicaMessages(payload).map((message) => this.handle(message)));
  }

  private async handle(message: ReplicaMessage): Promise<void> {
    if (message.t === 'ack') {
      this.waiting.get(message.corr)?.(message.delivery);
      return;
    }
    let text = message.text;
    if (text === undefined && message.ref !== undefined) {
      text = await this.repository.takePayload(message.ref);
    }
    const delivery =
      text === undefined ? 'failed' : (deliverLocally(this.registry, message.channelId, text) ?? 'gone');
    await this.outbox.post(message.from, { t: 'ack', corr: message.corr, delivery });
  }

  /**
   * On the listener's own connection when it is up (one statement, no pool checkout, in order);
   * through the pool while it reconnects.
   */
  private async notify(channel: string, payload: string): Promise<void> {
    const listener = this.listener;
    if (!listener) {
      await this.repository.notify(channel, payload);
      return;
    }
    // One statement at a time on the connection (pg deprecates queueing on a busy client).
    const sent = this.talking.then(() => this.repository.notify(channel, payload, listener));
    this.talking = sent.then(
      () => undefined,
      () => undefined,
    );
    await sent;
  }
}
