import { Injectable } from '@nestjs/common';
import { gateEnvelopeSchema, type OfflineParams, offlineParamsSchema } from '@gatehouse/protocol';
import { parseParams } from '../rpc/params';
import type { RpcMethod } from '../rpc/rpc-method';
import { PresenceService } from '../presence/presence.service';
import { TickerService } from '../ticker/ticker.service';

/**
 * `offline {channelId, user}`: the gate says a client left. Also accepted wrapped in an envelope
 * (routing.channelId, auth.user), so either way the gate sends it works. Stops the channel's tickers.
 */
@Injectable()
export class OfflineMethod implements RpcMethod {
  readonly name = 'offline';

  constructor(
    private readonly presence: PresenceService,
    private readonly ticker: TickerService,
  ) {}

  call(params: unknown): { status: 'ok' } {
    const offline = readOffline(params);
    this.ticker.stop(offline.channelId);
    this.presence.record(offline);
    return { status: 'ok' };
  }
}

function readOffline(params: unknown): OfflineParams {
  const envelope = gateEnvelopeSchema.safeParse(params);
  if (envelope.success) return { channelId: envelope.data.routing.channelId, user: envelope.data.auth.user };
  return parseParams(offlineParamsSchema, params);
}
