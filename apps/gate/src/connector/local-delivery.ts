import type { ConnectionRegistry } from '../connections/connection-registry.service';

/** What became of a notification for a channel: sent, no such channel here, or the channel failed. */
export type Delivery = 'ok' | 'gone' | 'failed';

export function deliverLocally(
  registry: ConnectionRegistry,
  channelId: string,
  text: string,
): Delivery | undefined {
  const connection = registry.get(channelId);
  if (!connection) return undefined;
  if (!connection.open) return 'gone';
  return connection.send(text) ? 'ok' : 'failed';
}
