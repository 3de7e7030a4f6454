import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { DiscoveryClient } from '../client/discovery-client';
import { DISCOVERY_CLIENT_OPTIONS, type ResolvedDiscoveryOptions } from '../discovery-client.options';
import { attachCaller } from './discovery-caller';

/**
 * Accepts an incoming HTTP call only with a pair token from this service's `allows`, sent from the
 * IP the caller registered from (unless `relaxIpCheck`). 401 without a known token, 403 from the
 * wrong address; the caller is attached for `@CurrentDiscoveryCaller()`.
 */
@Injectable()
export class DiscoveryAllowsGuard implements CanActivate {
  constructor(
    private readonly client: DiscoveryClient,
    @Inject(DISCOVERY_CLIENT_OPTIONS) private readonly options: ResolvedDiscoveryOptions,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') throw new ForbiddenException({ code: 'unsupported_transport', message: 'HTTP only' });
    const request = context.switchToHttp().getRequest<Request>();
    const ip = this.options.trustProxy ? request.ip : request.socket.remoteAddress;
    const verdict = this.client.authorize(request.headers.authorization, ip);
    if (verdict.ok) {
      attachCaller(request, verdict.caller);
      return true;
    }
    switch (verdict.reason) {
      case 'missing_token':
        throw new UnauthorizedException({ code: 'missing_token', message: 'a discovery pair token is required (Authorization: Bearer)' });
      case 'unknown_token':
        throw new UnauthorizedException({ code: 'invalid_token', message: 'the pair token is not allowed here' });
      case 'ip_mismatch':
        throw new ForbiddenException({ code: 'ip_mismatch', message: 'the pair token is not valid from this address' });
    }
  }
}
