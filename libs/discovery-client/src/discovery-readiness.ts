import type { Provider } from '@nestjs/common';
import { DISCOVERY_CLIENT_OPTIONS, type ResolvedDiscoveryOptions } from './discovery-client.options';
import { DISCOVERY_STATE } from './discovery-client.tokens';
import type { DiscoveryState } from './state/discovery-state';

/**
 * Injection token of a `ReadinessProbe`: a condition a service's `/health/ready` must also meet.
 * A `Symbol.for` key, so the host app's health check (libs/platform's, or a team's own) finds the
 * probe without importing this package, and this package needs no health framework.
 */
export const READINESS_PROBE = Symbol.for('gatehouse.readiness-probe');

export interface ReadinessProbe {
  /** Names the condition in the health answer. */
  readonly name: string;
  ready(): boolean;
}

/**
 * Not ready until the first view from the provider is applied (`readyAfterFirstView`): before it,
 * the guard knows no caller and refuses every peer with 401, and the client knows no peer to call.
 * A facade that reported ready earlier took the gate's first calls after each (re)start and
 * refused them, and the gate answered its clients 1104.
 */
export const discoveryReadiness: Provider = {
  provide: READINESS_PROBE,
  inject: [DISCOVERY_CLIENT_OPTIONS, DISCOVERY_STATE],
  useFactory: (options: ResolvedDiscoveryOptions, state: DiscoveryState): ReadinessProbe => ({
    name: 'discovery',
    ready: () => !options.readyAfterFirstView || state.revision() >= 0,
  }),
};
