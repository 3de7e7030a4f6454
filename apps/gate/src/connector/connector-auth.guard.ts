import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  Optional,
  UnauthorizedException,
} from '@nestjs/common';
import { DiscoveryAllowsGuard, bearerToken } from '@gatehouse/discovery-client';
import { timingSafeEqualString } from '@gatehouse/protocol';
import type { Request } from 'express';
import { GATE_CONFIG, type GateConfig } from '../config';

const CHECKED = Symbol('gate.connectorAuthChecked');
type Checked = Request & { [CHECKED]?: true };

/**
 * Who may call the connector: with discovery, a caller holding a pair token from the gate's
 * `allows`, from its registered IP (rate-limited per caller); in direct mode, a bearer token from
 * GATE_CONNECTOR_TOKENS. No token configured and no discovery means nobody: an open connector
 * would let anyone push to any client. `main.ts` runs `check` before the body is read
 * (`connectorHttpOptions`); the guard stays on the controller so the route is never open without it.
 */
@Injectable()
export class ConnectorAuthGuard implements CanActivate {
  constructor(
    @Inject(GATE_CONFIG) private readonly config: GateConfig,
    @Optional() private readonly discovery?: DiscoveryAllowsGuard,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    this.check(context.switchToHttp().getRequest<Request>());
    return true;
  }

  /** Throws the HttpException to answer; a request already checked passes (and is charged once). */
  check(request: Request): void {
    if ((request as Checked)[CHECKED]) return;
    const token = bearerToken(request.headers.authorization);
    const known =
      token !== undefined && this.config.connector.tokens.some((t) => timingSafeEqualString(t, token));
    if (!known) {
      if (!this.discovery)
        throw new UnauthorizedException({
          code: 'invalid_token',
          message: 'a connector token is required (Authorization: Bearer)',
        });
      this.discovery.check(request);
    }
    (request as Checked)[CHECKED] = true;
  }
}
