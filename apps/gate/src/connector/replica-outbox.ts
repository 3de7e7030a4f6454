import { MAX_NOTIFY_BYTES, notifyChannel, type ReplicaMessage } from './replica-messages';

interface Batch {
  parts: string[];
  bytes: number;
  waiters: { resolve(): void; reject(error: unknown): void }[];
}

/**
 * NOTIFYs to other replicas, coalesced: the messages for one replica posted in the same turn of
 * the event loop go out as one NOTIFY whose payload is their array (up to MAX_NOTIFY_BYTES). Under
 * load one statement then carries dozens of transfers or acks instead of one each: the statement
 * round trip, not the message, is what a cross-replica push paid for (bench:gate, pushes).
 */
export class ReplicaOutbox {
  private readonly open = new Map<string, Batch>();
  private scheduled = false;

  /** `send` runs `pg_notify(channel, payload)`. */
  constructor(private readonly send: (channel: string, payload: string) => Promise<void>) {}

  /** Resolves once the NOTIFY carrying the message was accepted by PostgreSQL. */
  post(replicaId: string, message: ReplicaMessage): Promise<void> {
    const text = JSON.stringify(message);
    const bytes = Buffer.byteLength(text) + 1;
    let batch = this.open.get(replicaId);
    if (batch && batch.bytes + bytes > MAX_NOTIFY_BYTES) {
      this.open.delete(replicaId);
      this.flush(replicaId, batch);
      batch = undefined;
    }
    if (!batch) {
      batch = { parts: [], bytes: 2, waiters: [] };
      this.open.set(replicaId, batch);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flushAll());
      }
    }
    batch.parts.push(text);
    batch.bytes += bytes;
    const { waiters } = batch;
    return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
  }

  private flushAll(): void {
    this.scheduled = false;
    for (const [replicaId, batch] of this.open) this.flush(replicaId, batch);
    this.open.clear();
  }

  private flush(replicaId: string, batch: Batch): void {
    // A lone message goes as the object itself, as replicas before batching sent it.
    const payload = batch.parts.length === 1 ? batch.parts[0]! : `[${batch.parts.join(',')}]`;
    this.send(notifyChannel(replicaId), payload).then(
      () => batch.waiters.forEach((w) => w.resolve()),
      (error: unknown) => batch.waiters.forEach((w) => w.reject(error)),
    );
  }
}
