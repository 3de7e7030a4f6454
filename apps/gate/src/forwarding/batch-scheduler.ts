/** What the scheduler needs to know of a call: how it is sent is the transport's business. */
export interface Batchable {
  readonly method: string;
  /** Who the call is for (the client's channel): two calls of one key never share a batch. */
  readonly key: string | undefined;
  /** The serialized request; a batch stops growing at `maxBatchChars`. */
  readonly text: string;
}

export interface BatchSchedulerOptions {
  /** Requests on the wire at once. */
  slots: number;
  /** Join waiting calls into batches; false: one call per request. */
  batching: boolean;
  maxBatch: number;
  maxBatchChars: number;
  /** Calls waiting for a slot; past it `submit` refuses. */
  maxBacklog: number;
}

/** How far down the backlog a batch looks for calls of other clients. */
const BATCH_SCAN_FACTOR = 4;

/**
 * Adaptive batching without any I/O: at most `slots` requests are on the wire. While a slot is
 * free, a call goes out alone at once (an unloaded gate adds no latency and batches nothing). Only
 * when every slot is busy do calls wait, in a backlog, and each time a request finishes the backlog
 * goes out as one batch on the freed slot: those calls would have queued for a connection anyway,
 * and one request for N calls saves N-1 round trips' worth of per-request cost.
 *
 * The trade-off: a batch is answered when its slowest member is. Two rules bound that: a batch
 * holds at most one call per key (a client's own concurrent calls are answered as each finishes)
 * and one method only (a fast method never waits for a slow one).
 */
export class BatchScheduler<T extends Batchable> {
  private backlog: T[] = [];
  private onWire = 0;

  /** `send` carries one request (a single call, or a batch of several) and settles when it is done. */
  constructor(
    private readonly options: BatchSchedulerOptions,
    private readonly send: (chunk: T[]) => Promise<void>,
  ) {}

  get busy(): boolean {
    return this.backlog.length > 0 || this.onWire > 0;
  }

  get batching(): boolean {
    return this.options.batching;
  }

  /** Sends now, or queues; false when the backlog is full (the caller fails the call at once). */
  submit(item: T): boolean {
    if (this.onWire < this.options.slots && this.backlog.length === 0) {
      this.dispatch([item]);
      return true;
    }
    if (this.backlog.length >= this.options.maxBacklog) return false;
    this.backlog.push(item);
    return true;
  }

  /** The receiver refuses batches: from now on one call per request, `chunk` first (nothing of it ran). */
  unbatch(chunk: readonly T[]): void {
    this.options.batching = false;
    this.backlog.unshift(...chunk);
    this.pump();
  }

  private dispatch(chunk: T[]): void {
    this.onWire++;
    void this.send(chunk).then(
      () => this.finished(),
      () => this.finished(),
    );
  }

  private finished(): void {
    this.onWire--;
    this.pump();
  }

  /** Fills free slots from the backlog: one batch per slot, or one call without batching. */
  private pump(): void {
    while (this.backlog.length > 0 && this.onWire < this.options.slots) {
      this.dispatch(this.options.batching ? this.takeBatch() : this.backlog.splice(0, 1));
    }
  }

  /**
   * The oldest waiting call and, after it, calls of the same method from other keys, up to
   * `maxBatch` and `maxBatchChars`; calls passed over keep their place in the backlog.
   */
  private takeBatch(): T[] {
    const { maxBatch, maxBatchChars } = this.options;
    const batch: T[] = [];
    const skipped: T[] = [];
    const keys = new Set<string>();
    const method = this.backlog[0]!.method;
    const scan = Math.min(this.backlog.length, maxBatch * BATCH_SCAN_FACTOR);
    let chars = 0;
    let i = 0;
    for (; i < scan && batch.length < maxBatch; i++) {
      const p = this.backlog[i]!;
      if (
        p.method !== method ||
        (p.key !== undefined && keys.has(p.key)) ||
        (batch.length > 0 && chars + p.text.length > maxBatchChars)
      ) {
        skipped.push(p);
        continue;
      }
      chars += p.text.length + 1;
      if (p.key !== undefined) keys.add(p.key);
      batch.push(p);
    }
    this.backlog.splice(0, i, ...skipped);
    return batch;
  }
}
