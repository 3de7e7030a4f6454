import { Inject, Injectable } from '@nestjs/common';
import { AuthError, AuthErrorCode } from '../../errors';
import { THROTTLE_SETTINGS, type ThrottleSettings } from '../accounts.options';
import { RateWindow } from './rate-window';

/**
 * The two in-memory limits of the sign-in routes (`/oauth/token`, `/oauth/introspect`,
 * `/oauth/revoke`, `/challenge/verify`); per-identity backoff is `LoginBackoffService`.
 * - Per address, only requests that FAIL count (`AUTH_THROTTLE_IP_*`): an address over its limit
 *   is refused for the block time, except for credentials verified moments ago (the client
 *   cache), which cost nothing to accept. Valid traffic never counts, so services sharing a NAT address
 *   are not limited by each other's successes. For a challenge the address is the end client's
 *   (passed by the gate), so one WebSocket client's wrong signatures block only that client.
 * - Per client, authenticated requests count (`AUTH_CLIENT_RATE_PER_SEC`): the quota of valid
 *   traffic belongs to the client, wherever it calls from.
 */
@Injectable()
export class SignInLimits {
  private readonly failures: RateWindow;
  private readonly clients: RateWindow;

  constructor(@Inject(THROTTLE_SETTINGS) settings: ThrottleSettings) {
    this.failures = new RateWindow({
      // The failure that reaches the limit blocks the address: `ipLimit` failures, then refusals.
      limit: settings.ipLimit - 1,
      windowMs: settings.ipWindowSec * 1000,
      blockMs: settings.ipBlockSec * 1000,
    });
    this.clients = new RateWindow({ limit: settings.clientRatePerSec, windowMs: 1000, blockMs: 0 });
  }

  /** Throws 429 while `address` is blocked for its failures. */
  refuseBlockedAddress(address: string): void {
    const wait = this.failures.blocked(address);
    if (wait > 0) {
      throw new AuthError(
        AuthErrorCode.TooManyRequests,
        'too many failed requests from this address; retry later',
        { retryAfterSec: wait },
      );
    }
  }

  /** Counts a failed or unauthenticated request against `address`. */
  failed(address: string): void {
    this.failures.hit(address);
  }

  /** Counts an authenticated request of `clientId`; throws 429 past its quota. */
  clientRequest(clientId: string): void {
    const wait = this.clients.hit(clientId);
    if (wait > 0) {
      throw new AuthError(
        AuthErrorCode.TooManyRequests,
        'this client is over its request rate; retry shortly',
        { retryAfterSec: wait },
      );
    }
  }
}
