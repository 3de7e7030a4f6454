import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
} from '@nestjs/common';
import { DiscoveryAllowsGuard, type GuardedRequest, getDiscoveryCaller } from '@gatehouse/discovery-client';
import { FACADE_KIT_OPTIONS, type FacadeKitOptions } from '../facade-kit.options';

/**
 * Only the gate may call a facade: a pair token from this service's `allows` (401/403 from
 * DiscoveryAllowsGuard otherwise) that the provider names as the gate's (`callers`, PROTOCOL.md
 * 1.4). Another service this facade happens to allow gets 403 `not_gate`: it would otherwise call
 * methods as any user it likes, since the envelope's `auth` is trusted as the gate wrote it.
 */
@Injectable()
export class GateOnlyGuard implements CanActivate {
  private readonly gate: string;

  constructor(
    private readonly allows: DiscoveryAllowsGuard,
    @Inject(FACADE_KIT_OPTIONS) private readonly options: FacadeKitOptions,
  ) {
    this.gate = options.gateService ?? 'gate';
    if (options.acceptAnyCaller)
      new Logger('GateOnlyGuard').warn('acceptAnyCaller is set: any caller is accepted');
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return this.allows.canActivate(context);
    return this.check(context.switchToHttp().getRequest<GuardedRequest>());
  }

  /**
   * The same check on a bare request: the gate's link upgrade (`GateLinkServer`) has no context.
   * Any adapter's request (express, fastify) or node's own upgrade request will do.
   */
  check(request: GuardedRequest): boolean {
    if (this.options.acceptAnyCaller) return true;
    this.allows.check(request);
    const caller = getDiscoveryCaller(request);
    // A provider that does not send `callers` leaves the service unknown: refused, not guessed.
    if (caller?.service !== this.gate) {
      throw new ForbiddenException({
        code: 'not_gate',
        message: `only the ${this.gate} may call this facade`,
      });
    }
    return true;
  }
}
