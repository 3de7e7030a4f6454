/** What replicas say to each other over NOTIFY (each listens on its own channel). */
export type ReplicaMessage =
  | { t: 'transfer'; corr: string; from: string; channelId: string; text?: string; ref?: string }
  | { t: 'ack'; corr: string; delivery: 'ok' | 'gone' | 'failed' };

/** NOTIFY payloads must stay under 8000 bytes; bigger transfers travel by reference. */
export const MAX_NOTIFY_BYTES = 7000;

export const notifyChannel = (replicaId: string): string => `gate_${replicaId.replace(/-/g, '')}`;

export function parseReplicaMessage(payload: string | undefined): ReplicaMessage | undefined {
  try {
    const value = JSON.parse(payload ?? '') as Partial<ReplicaMessage>;
    return typeof value === 'object' &&
      value !== null &&
      typeof value.t === 'string' &&
      typeof value.corr === 'string'
      ? (value as ReplicaMessage)
      : undefined;
  } catch {
    return undefined;
  }
}
