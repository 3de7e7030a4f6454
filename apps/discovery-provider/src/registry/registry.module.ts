import { Global, Module } from '@nestjs/common';
import { PROVIDER_CONFIG, type ProviderConfig } from '../config/provider-config';
import { GateClient } from '../delivery/gate-client';
import { OutboxRepository } from '../delivery/outbox.repository';
import { PushSignal } from '../delivery/push-signal';
import { DiscoveryMetrics } from '../metrics/discovery-metrics';
import { AddressList } from '../net/address-list';
import { HostPolicy } from '../net/host-policy';
import { MembershipRepository } from './membership.repository';
import { MembershipService } from './membership.service';
import { TRUSTED_PROXIES } from './registry.tokens';

/** What every feature shares: membership changes, the outbox, the guarded gate client, metrics. */
@Global()
@Module({
  providers: [
    PushSignal,
    OutboxRepository,
    MembershipRepository,
    MembershipService,
    GateClient,
    DiscoveryMetrics,
    {
      provide: HostPolicy,
      inject: [PROVIDER_CONFIG],
      useFactory: (config: ProviderConfig) =>
        new HostPolicy({
          allowed: config.DISCOVERY_ALLOWED_HOSTS,
          allowLoopback: config.DISCOVERY_ALLOW_LOOPBACK,
        }),
    },
    {
      provide: TRUSTED_PROXIES,
      inject: [PROVIDER_CONFIG],
      useFactory: (config: ProviderConfig) => new AddressList(config.DISCOVERY_TRUSTED_PROXIES),
    },
  ],
  exports: [
    PushSignal,
    OutboxRepository,
    MembershipService,
    GateClient,
    DiscoveryMetrics,
    HostPolicy,
    TRUSTED_PROXIES,
  ],
})
export class RegistryModule {}
