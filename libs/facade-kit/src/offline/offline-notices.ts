import { Injectable, Logger } from '@nestjs/common';
import type { OfflineParams } from '@gatehouse/protocol';

export type OfflineListener = (offline: OfflineParams) => void | Promise<void>;

/**
 * The gate's `offline` notices (a client's connection closed), handed to whoever listens: a facade
 * stops its pushes to the channel and drops what it kept for it. A failing listener is logged and
 * does not keep the others from running.
 */
@Injectable()
export class OfflineNotices {
  private readonly logger = new Logger('OfflineNotices');
  private readonly listeners = new Set<OfflineListener>();

  /** Returns the function that stops listening. */
  onOffline(listener: OfflineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async notify(offline: OfflineParams): Promise<void> {
    await Promise.all(
      [...this.listeners].map(async (listener) => {
        try {
          await listener(offline);
        } catch (error) {
          this.logger.error(`an offline listener failed for channel ${offline.channelId}: ${String(error)}`);
        }
      }),
    );
  }
}
