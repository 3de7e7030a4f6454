import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { AuthError, AuthErrorCode } from '../../errors';

/**
 * Per-IP request limit (@nestjs/throttler) answering in the auth app's OAuth error shape with
 * `Retry-After`. The IP is `req.ip`: the socket address, or X-Forwarded-For only from the
 * proxies in `AUTH_TRUSTED_PROXIES` (fastify's `trustProxy`, set by `startHttpApp`).
 */
@Injectable()
export class AuthThrottlerGuard extends ThrottlerGuard {
  /**
   * The package hashes this key with SHA-256 on every request, for storages that want short
   * keys; ours is in memory and the tracker is an IP address (bounded length), so the plain
   * string is kept.
   */
  protected override generateKey(context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${context.getClass().name}-${context.getHandler().name}-${throttlerName}-${tracker}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new AuthError(AuthErrorCode.TooManyRequests, 'too many requests from this address; retry later', {
      retryAfterSec: Math.max(1, detail.timeToBlockExpire),
    });
  }
}
