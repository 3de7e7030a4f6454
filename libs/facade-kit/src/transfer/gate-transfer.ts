import { Inject, Injectable } from '@nestjs/common';
import { DiscoveryClient } from '@gatehouse/discovery-client';
import { JsonRpcErrorCode, type JsonRpcErrorObject, JsonRpcException } from '@gatehouse/protocol';
import { FACADE_KIT_OPTIONS, type FacadeKitOptions } from '../facade-kit.options';

/** What the client receives as the notification's method and `{result}` or `{error}`. */
export type PushMessage = { method: string; result: unknown } | { method: string; error: JsonRpcErrorObject };

/**
 * Pushes to a client's channel through the gate's connector (`transfer`, PROTOCOL.md 3.4), with
 * the pair token discovery gave this facade for the gate.
 */
@Injectable()
export class GateTransfer {
  private readonly gate: string;

  constructor(
    private readonly discovery: DiscoveryClient,
    @Inject(FACADE_KIT_OPTIONS) options: FacadeKitOptions,
  ) {
    this.gate = options.gateService ?? 'gate';
  }

  /**
   * True once the gate took the message; false when no gate replica holds the channel any more
   * (1105: the client left, stop pushing to it). Anything else rejects (JsonRpcException from the
   * gate, DiscoveryClientError when the gate is not reachable or not permitted).
   */
  async push(channelId: string, message: PushMessage): Promise<boolean> {
    try {
      await this.discovery.jsonRpc(this.gate, 'transfer', { channelId, ...message });
      return true;
    } catch (error) {
      if (error instanceof JsonRpcException && error.error.code === JsonRpcErrorCode.ClientNotFound)
        return false;
      throw error;
    }
  }
}
