import type { Provider } from '@nestjs/common';
import { DiscoveryClient } from '@gatehouse/discovery-client';
import type { GateConfig } from '../config';
import type { FacadeTarget } from './facade-client';
import { FACADE_TARGET } from './facade-target';

/** Direct mode: GLS_FACADE_CONNECT with an optional static token. */
export function directFacadeTarget(config: GateConfig): Provider {
  const target: FacadeTarget = { url: config.facade.url, token: config.facade.token };
  return { provide: FACADE_TARGET, useValue: () => target };
}

/**
 * Discovery mode: an instance of `facade` from the gate's permissions, with the pair token,
 * at the path of GLS_FACADE_CONNECT; GLS_FACADE_CONNECT itself until discovery has one.
 */
export function discoveryFacadeTarget(config: GateConfig): Provider {
  const fallback: FacadeTarget = { url: config.facade.url, token: config.facade.token };
  const path = new URL(config.facade.url).pathname;
  return {
    provide: FACADE_TARGET,
    inject: [DiscoveryClient],
    useFactory: (discovery: DiscoveryClient) => (): FacadeTarget => {
      const permission = discovery.permissions()['facade'];
      if (!permission) return fallback;
      return { url: new URL(path, permission.host).toString(), token: permission.token };
    },
  };
}
