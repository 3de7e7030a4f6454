import { type CanActivate, type ExecutionContext, Inject, Injectable, Optional, UnauthorizedException } from '@nestjs/common';
import { DiscoveryAllowsGuard, bearerToken } from '@gatehouse/discovery-client';
import { timingSafeEqualString } from '@gatehouse/protocol';
import type { Request } from 'express';
import { GATE_CONFIG, type GateConfig } from '../config';

/**
 * Who may call the connector: with discovery, a caller holding a pair token from the gate's
 * `allows`, from its registered IP; in direct mode, a bearer token from GATE_CONNECTOR_TOKENS.
 * No token configured and no discovery means nobody (the original connector was open to anyone).
 */
@Injectable()
export class ConnectorAuthGuard implements CanActivate {
  constructor(
    @Inject(GATE_CONFIG) private readonly config: GateConfig,
    @Optional() private readonly discovery?: DiscoveryAllowsGuard,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const token = bearerToken(request.headers.authorization);
    if (token !== undefined && this.config.connector.tokens.some((known) => timingSafeEqualString(known, token))) return true;
    if (this.discovery) return this.discovery.canActivate(context);
    throw new UnauthorizedException({ code: 'invalid_token', message: 'a connector token is required (Authorization: Bearer)' });
  }
}
