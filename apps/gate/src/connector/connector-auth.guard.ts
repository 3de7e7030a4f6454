import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  Optional,
  UnauthorizedException,
} from '@nestjs/common';
import { DiscoveryAllowsGuard, type GuardedRequest, bearerToken } from '@gatehouse/discovery-client';
import { timingSafeEqualString } from '@gatehouse/protocol';
import { GATE_CONFIG, type GateConfig } from '../config';

const CHECKED = Symbol('gate.connectorAuthChecked');
type Checked = GuardedRequest & { [CHECKED]?: true };
/** The header call express's Response and fastify's reply share (`Retry-After` on a 429). */
interface HeaderReply {
  header(name: string, value: string): unknown;
}

/**
 * Who may call the connector: with discovery, a caller holding a pair token from the gate's
 * `allows`, from its registered IP (rate-limited per caller); in direct mode, a bearer token from
 * GATE_CONNECTOR_TOKENS. No token configured and no discovery means nobody: an open connector
 * would let anyone push to any client. `connectorHttpOptions` runs `check` before the body is read,
 * which is all that guards the transfer there (a direct route: Nest's guards do not run); the guard
 * stays on the controllers for the GET routes and for an app started without those options.
 */
@Injectable()
export class ConnectorAuthGuard implements CanActivate {
  constructor(
    @Inject(GATE_CONFIG) private readonly config: GateConfig,
    @Optional() private readonly discovery?: DiscoveryAllowsGuard,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    this.check(http.getRequest<GuardedRequest>(), http.getResponse<HeaderReply>());
    return true;
  }

  /** Throws the HttpException to answer; a request already checked passes (and is charged once). */
  check(request: GuardedRequest, reply?: HeaderReply): void {
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
      this.discovery.check(request, reply);
    }
    (request as Checked)[CHECKED] = true;
  }
}
