import { Injectable } from '@nestjs/common';
import { componentLogger } from '@gatehouse/platform';
import { OfflineNotices, type OfflineParams } from '@gatehouse/facade-kit';

export interface OfflineEvent extends OfflineParams {
  at: string;
}

const KEEP = 1000;

/** Remembers the latest channels the gate reported gone (a real backend would clean up sessions). */
@Injectable()
export class PresenceService {
  private readonly logger = componentLogger('PresenceService');
  private readonly events: OfflineEvent[] = [];

  constructor(offline: OfflineNotices) {
    offline.onOffline((params) => void this.record(params));
  }

  record(params: OfflineParams): OfflineEvent {
    const event = { ...params, at: new Date().toISOString() };
    this.events.push(event);
    if (this.events.length > KEEP) this.events.splice(0, this.events.length - KEEP);
    this.logger.info(`channel ${params.channelId} went offline (user ${params.user ?? 'anonymous'})`);
    return event;
  }

  recent(): readonly OfflineEvent[] {
    return this.events;
  }
}
