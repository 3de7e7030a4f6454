import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { bearerToken, DiscoveryClient } from '../client/discovery-client';
import { DISCOVERY_CLIENT_OPTIONS, type ResolvedDiscoveryOptions } from '../discovery-client.options';
import { CallerRateLimiter } from './caller-rate-limiter';
import { attachCaller, getDiscoveryCaller } from './discovery-caller';

/** What the guard reads of a request: the same on express and fastify. */
export interface GuardedRequest {
  headers: IncomingHttpHeaders;
  /** The client address after the app's trusted-proxy rules. */
  ip?: string;
  socket?: { remoteAddress?: string | undefined };
  /** Express's response, for `Retry-After` when `check` is called from a middleware. */
  res?: { setHeader(name: string, value: string): unknown };
}

/** The header call express's Response and fastify's reply share. */
interface HeaderReply {
  header(name: string, value: string): unknown;
}

/**
 * Accepts an incoming HTTP call only with a pair token from this service's `allows`, sent from the
 * IP the caller registered from (unless `relaxIpCheck`), at most `callerRateLimit` calls a second
 * per pair token. 401 without a known token, 403 from the wrong address, 429 with `Retry-After`
 * over the rate; the caller is attached for `@CurrentDiscoveryCaller()`.
 */
@Injectable()
export class DiscoveryAllowsGuard implements CanActivate {
  private readonly limiter: CallerRateLimiter;

  constructor(
    private readonly client: DiscoveryClient,
    @Inject(DISCOVERY_CLIENT_OPTIONS) private readonly options: ResolvedDiscoveryOptions,
  ) {
    this.limiter = new CallerRateLimiter(options.callerRateLimit);
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http')
      throw new ForbiddenException({ code: 'unsupported_transport', message: 'HTTP only' });
    const http = context.switchToHttp();
    this.check(http.getRequest<GuardedRequest>(), http.getResponse<HeaderReply>());
    return true;
  }

  /**
   * The same check on a bare request, for a middleware that must authenticate before the body is
   * read; throws the HttpException to answer. A request checked once is not checked (or charged) again.
   */
  check(request: GuardedRequest, reply?: HeaderReply): void {
    if (getDiscoveryCaller(request) !== undefined) return;
    const ip = this.options.trustProxy ? request.ip : request.socket?.remoteAddress;
    const verdict = this.client.authorize(request.headers.authorization, ip);
    if (verdict.ok) {
      const wait = this.limiter.take(bearerToken(request.headers.authorization)!);
      if (wait !== undefined) {
        if (reply) reply.header('Retry-After', String(wait));
        else request.res?.setHeader('Retry-After', String(wait));
        throw new HttpException(
          {
            code: 'rate_limited',
            message: `more than ${this.options.callerRateLimit} calls a second from this caller`,
          },
          HttpStatus.TOO_MANY_REQUESTS,
        );
      }
      attachCaller(request, verdict.caller);
      return;
    }
    switch (verdict.reason) {
      case 'missing_token':
        throw new UnauthorizedException({
          code: 'missing_token',
          message: 'a discovery pair token is required (Authorization: Bearer)',
        });
      case 'unknown_token':
        throw new UnauthorizedException({
          code: 'invalid_token',
          message: 'the pair token is not allowed here',
        });
      case 'ip_mismatch':
        throw new ForbiddenException({
          code: 'ip_mismatch',
          message: 'the pair token is not valid from this address',
        });
    }
  }
}
