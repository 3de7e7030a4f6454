import { Injectable } from '@nestjs/common';

/**
 * Wakes this replica's delivery worker as soon as a transaction committed outbox rows, instead of
 * waiting for its next poll. Other replicas find the rows on their own poll.
 */
@Injectable()
export class PushSignal {
  private listener: (() => void) | undefined;

  onKick(listener: () => void): void {
    this.listener = listener;
  }

  kick(): void {
    this.listener?.();
  }
}
