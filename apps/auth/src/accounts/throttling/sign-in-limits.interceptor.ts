import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { catchError, type Observable, throwError } from 'rxjs';
import { AuthError, statusOf } from '../../errors';
import { SignInLimits } from './sign-in-limits';

/** The end client's address when a gate client named one (see `ChallengeController`). */
const endClients = new WeakMap<FastifyRequest, string>();

/** Records that this request acts for the end client at `address` (failures count there). */
export function actOnBehalfOf(request: FastifyRequest, address: string): void {
  endClients.set(request, address);
}

/** The address a request's failures count against: the end client's if known, else the caller's. */
export function signInAddress(request: FastifyRequest): string {
  return endClients.get(request) ?? request.ip;
}

/**
 * Counts each failed request (an OAuth 400 / 401 / 403) against its sign-in address. 429 and 503
 * are refusals, not attempts, and do not count. A blocked address is refused where a check would
 * cost work (`AccountsService`, the challenge check), not here: a client whose credential this
 * replica verified moments ago is still served from a blocked address, so a neighbour behind the
 * same NAT cannot lock it out. `req.ip` is the socket peer, or X-Forwarded-For from
 * `AUTH_TRUSTED_PROXIES`.
 */
@Injectable()
export class SignInLimitsInterceptor implements NestInterceptor {
  constructor(private readonly limits: SignInLimits) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return next.handle().pipe(
      catchError((error: unknown) => {
        countSignInFailure(this.limits, request, error);
        return throwError(() => error);
      }),
    );
  }
}

/** Counts `error` against the request's sign-in address when it is a failed attempt (400/401/403). */
export function countSignInFailure(limits: SignInLimits, request: FastifyRequest, error: unknown): void {
  if (error instanceof AuthError && FAILED_ATTEMPT.has(statusOf(error.code)))
    limits.failed(signInAddress(request));
}

const FAILED_ATTEMPT = new Set([400, 401, 403]);

/** The sign-in limits on a route (`SignInLimitsInterceptor`); errors in OAuth shape with `Retry-After`. */
export const SignInLimited = (): MethodDecorator & ClassDecorator => UseInterceptors(SignInLimitsInterceptor);
