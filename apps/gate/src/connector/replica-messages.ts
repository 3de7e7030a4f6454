/** What replicas say to each other over NOTIFY (each listens on its own channel). */
export type ReplicaMessage =
  | { t: 'transfer'; corr: string; from: string; channelId: string; text?: string; ref?: string }
  | { t: 'ack'; corr: string; delivery: 'ok' | 'gone' | 'failed' };

/** NOTIFY payloads must stay under 8000 bytes; bigger transfers travel by reference. */
export const MAX_NOTIFY_BYTES = 7000;

export const notifyChannel = (replicaId: string): string => `gate_${replicaId.replace(/-/g, '')}`;

/**
 * A payload is one message or, when several were sent in the same turn, an array of them
 * (`ReplicaOutbox`); anything malformed is dropped, the sender's ack timeout covers it.
 */
export function parseReplicaMessages(payload: string | undefined): ReplicaMessage[] {
  let value: unknown;
  try {
    value = JSON.parse(payload ?? '');
  } catch {
    return [];
  }
  return (Array.isArray(value) ? value : [value]).filter(isReplicaMessage);
}

function isReplicaMessage(value: unknown): value is ReplicaMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Partial<ReplicaMessage>;
  return typeof message.t === 'string' && typeof message.corr === 'string';
}
