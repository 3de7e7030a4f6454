import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { RegisterBody } from '@gatehouse/protocol';
import { DiscoveryError, DiscoveryErrorCode } from '../errors';
import { DiscoveryMetrics } from '../metrics/discovery-metrics';
import { HostPolicy } from '../net/host-policy';
import { MembershipService } from '../registry/membership.service';
import { Confirmation } from './confirmation';
import { TokenVerifier } from './token-verifier';

export interface Registered {
  status: 'registered';
  name: string;
  instanceId: string;
  revision: number;
}

/** PROTOCOL 1.2-1.3: verify, check the URLs, confirm, then store (nothing is stored before). */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly tokens: TokenVerifier,
    private readonly policy: HostPolicy,
    private readonly confirmation: Confirmation,
    private readonly membership: MembershipService,
    private readonly metrics: DiscoveryMetrics,
  ) {}

  async register(body: RegisterBody, ip: string): Promise<Registered> {
    try {
      const { service, configuration } = await this.tokens.verify(body.token, body.signature);
      await this.membership.assertTokenUsable(configuration.jti);
      await this.policy.check(service.host, 'host');
      await this.policy.check(service.gate_host, 'gate_host');
      await this.confirmation.confirm(service.gate_host, body.signature);
      const joined = await this.membership.join({
        id: randomUUID(),
        service: configuration.name,
        permissions: configuration.permissions,
        configJti: configuration.jti,
        host: service.host,
        gateHost: service.gate_host,
        ip,
        keyHash: keyHash(body.signature),
      });
      this.metrics.registrations.inc({ result: 'registered' });
      return { status: 'registered', name: configuration.name, ...joined };
    } catch (error) {
      this.metrics.registrations.inc({ result: error instanceof DiscoveryError ? error.code : 'error' });
      throw error;
    }
  }

  /** Removes the instance registered with this key; the same proof as registration. */
  async deregister(body: RegisterBody): Promise<{ status: 'deregistered' }> {
    await this.tokens.verifyServiceOnly(body.token, body.signature);
    const removed = await this.membership.leaveByKey(keyHash(body.signature));
    if (!removed)
      throw new DiscoveryError(DiscoveryErrorCode.NotRegistered, 'no instance is registered with this key');
    this.metrics.removals.inc({ reason: 'deregistered' });
    return { status: 'deregistered' };
  }
}

export function keyHash(signature: string): string {
  return createHash('sha256').update(signature, 'utf8').digest('hex');
}
