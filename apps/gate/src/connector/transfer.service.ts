import { Injectable } from '@nestjs/common';
import { JsonRpcErrorCode, JsonRpcException, transferParamsSchema } from '@gatehouse/protocol';
import { ConnectionRegistry } from '../connections/connection-registry.service';
import { encodeNotification } from '../jsonrpc';
import { GateMetrics } from '../metrics/gate-metrics.service';
import { ChannelDirectory } from './channel-directory.service';
import { deliverLocally } from './local-delivery';

/**
 * `transfer {channelId, method, result | error}` (PROTOCOL.md 3.4): the client on that channel gets
 * the notification `{"jsonrpc":"2.0","method":<method>,"params":{"result":…}}` (or `{"error":…}`),
 * wherever it is connected. 1105 when no replica holds the channel, 1106 when delivery failed.
 */
@Injectable()
export class TransferService {
  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly directory: ChannelDirectory,
    private readonly metrics: GateMetrics,
  ) {}

  async transfer(params: unknown): Promise<{ status: 'OK' }> {
    const parsed = transferParamsSchema.safeParse(params);
    if (!parsed.success) {
      throw new JsonRpcException(JsonRpcErrorCode.InvalidParams, undefined, {
        reason: parsed.error.issues[0]?.message,
      });
    }
    const { channelId, method, result, error } = parsed.data;
    const text = encodeNotification(method, error !== undefined ? { error } : { result });
    const delivery =
      deliverLocally(this.registry, channelId, text) ??
      (await this.directory.deliverElsewhere(channelId, text));
    switch (delivery) {
      case 'ok':
        this.metrics.transfers++;
        return { status: 'OK' };
      case 'gone':
        throw new JsonRpcException(JsonRpcErrorCode.ClientNotFound, undefined, { channelId });
      case 'failed':
        throw new JsonRpcException(JsonRpcErrorCode.ChannelFatal, undefined, {
          reason: 'the channel could not take the message',
        });
      case 'timeout':
        throw new JsonRpcException(JsonRpcErrorCode.ChannelFatal, undefined, {
          reason: 'the replica holding the channel did not answer',
        });
    }
  }
}
