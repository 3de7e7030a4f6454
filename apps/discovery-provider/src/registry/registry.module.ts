import { Global, Module } from '@nestjs/common';
import { trustedProxies } from '@gatehouse/platform';
import { PROVIDER_CONFIG, type ProviderConfig } from '../config';
import { GateClient } from '../delivery/gate-client';
import { OutboxRepository } from '../delivery/outbox.repository';
import { PushSignal } from '../delivery/push-signal';
import { DiscoveryMetrics } from '../metrics/discovery-metrics';
import { HostPolicy } from '../net/host-policy';
import { MembershipService } from './membership.service';
import { TRUSTED_PROXIES } from './registry.tokens';

/** What every feature shares: membership changes, the outbox, the guarded gate client, metrics. */
@Global()
@Module({
  providers: [
    PushSignal,
    OutboxRepository,
    MembershipService,
    GateClient,
    DiscoveryMetrics,
    {
      provide: HostPolicy,
      inject: [PROVIDER_CONFIG],
      useFactory: (config: ProviderConfig) =>
        new HostPolicy({
          allowed: config.hosts.allowed,
          allowLoopback: config.hosts.allowLoopback,
        }),
    },
    {
      provide: TRUSTED_PROXIES,
      inject: [PROVIDER_CONFIG],
      useFactory: (config: ProviderConfig) => trustedProxies(config.trustedProxies),
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
