import { Injectable } from '@nestjs/common';
import { gateEnvelopeSchema, type OfflineParams, offlineParamsSchema } from '@gatehouse/protocol';
import { parseParams } from '../rpc/params';
import type { RpcMethod } from '../rpc/rpc-method';
import { OfflineNotices } from './offline-notices';

/**
 * `offline {channelId, user}`: the gate says a client left (docs/PROTOCOL.md, the facade section). Also accepted wrapped
 * in an envelope (routing.channelId, auth.user), so either way a gate sends it works.
 */
@Injectable()
export class OfflineMethod implements RpcMethod {
  readonly name = 'offline';

  constructor(private readonly notices: OfflineNotices) {}

  async call(params: unknown): Promise<{ status: 'ok' }> {
    await this.notices.notify(readOffline(params));
    return { status: 'ok' };
  }
}

function readOffline(params: unknown): OfflineParams {
  const envelope = gateEnvelopeSchema.safeParse(params);
  if (envelope.success) return { channelId: envelope.data.routing.channelId, user: envelope.data.auth.user };
  return parseParams(offlineParamsSchema, params);
}
