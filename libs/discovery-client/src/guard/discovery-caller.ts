import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { DiscoveryCaller } from '../state/discovery-view';

const CALLER = Symbol('discoveryCaller');

type WithCaller = { [CALLER]?: DiscoveryCaller };

export function attachCaller(request: object, caller: DiscoveryCaller): void {
  (request as WithCaller)[CALLER] = caller;
}

/** The peer `DiscoveryAllowsGuard` accepted for this request, if the guard ran. */
export function getDiscoveryCaller(request: object): DiscoveryCaller | undefined {
  return (request as WithCaller)[CALLER];
}

/** Handler parameter: `@CurrentDiscoveryCaller() caller: DiscoveryCaller | undefined`. */
export const CurrentDiscoveryCaller = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  getDiscoveryCaller(context.switchToHttp().getRequest<object>()),
);
