// Public API of @gatehouse/discovery-client: what a service imports to join Gatehouse discovery.
export { DiscoveryClientModule } from './discovery-client.module';
export {
  DISCOVERY_CLIENT_OPTIONS,
  resolveDiscoveryOptions,
  type DiscoveryClientOptions,
  type DiscoveryClientAsyncOptions,
  type ResolvedDiscoveryOptions,
} from './discovery-client.options';
export { DiscoveryClient, bearerToken } from './client/discovery-client';
export type { PeerResponse, PeerRequestInit, JsonRpcCallOptions } from './client/peer-response';
export { DiscoveryAllowsGuard } from './guard/discovery-allows.guard';
export { CurrentDiscoveryCaller, getDiscoveryCaller } from './guard/discovery-caller';
export { DiscoveryLifecycle } from './discovery-lifecycle.service';
export { READINESS_PROBE, type ReadinessProbe } from './discovery-readiness';
export { DiscoveryClientError, DiscoveryClientErrorCode } from './errors/discovery-client.error';
export { DiscoveryState } from './state/discovery-state';
export type {
  DiscoveryView,
  PeerPermission,
  DiscoveryCaller,
  AllowsVerdict,
  UpdateListener,
} from './state/discovery-view';
export { normalizeIp, sameIp } from './net/ip';
export {
  PushVerifier,
  PushRejectedError,
  PROVIDER_SIGNATURE_HEADER,
  type PushRejection,
} from './gate/push-verifier';
