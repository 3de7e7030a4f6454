import { Inject, Injectable } from '@nestjs/common';
import { confirmResponseSchema, md5Hex, timingSafeEqualString } from '@gatehouse/protocol';
import { PROVIDER_CONFIG, type ProviderConfig } from '../config';
import { GateClient } from '../delivery/gate-client';
import { DiscoveryError, DiscoveryErrorCode } from '../errors';

/** PROTOCOL 1.3: the service proves it holds the key at its gate_host, within a bounded time. */
@Injectable()
export class Confirmation {
  constructor(
    @Inject(PROVIDER_CONFIG) private readonly config: ProviderConfig,
    private readonly gate: GateClient,
  ) {}

  async confirm(gateHost: string, signature: string): Promise<void> {
    const message = { hashed_signature: md5Hex(signature), method: 'confirm' };
    const result = await this.gate.post(gateHost, message, this.config.registration.confirmTimeoutMs);
    if (!result.ok) {
      if (result.reason === 'timeout') {
        throw new DiscoveryError(
          DiscoveryErrorCode.ConfirmTimeout,
          'gate_host did not answer the confirm call in time',
        );
      }
      throw new DiscoveryError(DiscoveryErrorCode.ConfirmFailed, `confirm call failed (${result.detail})`);
    }
    const answer = confirmResponseSchema.safeParse(result.body);
    if (!answer.success || !timingSafeEqualString(answer.data.signature, signature)) {
      throw new DiscoveryError(
        DiscoveryErrorCode.ConfirmFailed,
        'gate_host did not return the registering key',
      );
    }
  }
}
