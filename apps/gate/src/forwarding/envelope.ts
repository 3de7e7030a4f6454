import type { GateEnvelope, JsonRpcId, OfflineParams } from '@gatehouse/protocol';
import type { ClientConnection } from '../connections/client-connection';

/**
 * The params of every call forwarded to the facade (PROTOCOL.md 3.1): field names exactly as the
 * protocol fixes them, since existing facades read them; `params` left out when the client sent none.
 */
export function buildEnvelope(
  connection: ClientConnection,
  requestId: JsonRpcId,
  params: unknown,
): GateEnvelope {
  const envelope: GateEnvelope = {
    _frontendGate: true,
    auth: { user: connection.user, roles: connection.roles as string[] },
    routing: { requestId, channelId: connection.channelId },
    meta: { clientRequestIp: connection.ip },
  };
  if (params !== undefined) envelope.params = params;
  return envelope;
}

/** What the facade is told when a channel closes. */
export function offlineParams(connection: ClientConnection): OfflineParams {
  return { channelId: connection.channelId, user: connection.user };
}
