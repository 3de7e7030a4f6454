import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { DiscoveryAllowsGuard } from '@gatehouse/discovery-client';
import { FACADE_CONFIG, type FacadeConfig } from '../config/facade-config';

/** Callers must hold a discovery pair token (the gate), unless FACADE_DISABLE_GUARD is set. */
@Injectable()
export class FacadeCallerGuard implements CanActivate {
  constructor(
    @Inject(FACADE_CONFIG) private readonly config: FacadeConfig,
    private readonly allows: DiscoveryAllowsGuard,
  ) {
    if (config.guardDisabled) new Logger('FacadeCallerGuard').warn('FACADE_DISABLE_GUARD is set: any caller is accepted');
  }

  canActivate(context: ExecutionContext): boolean {
    return this.config.guardDisabled || this.allows.canActivate(context);
  }
}
