import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { AuthError, AuthErrorCode } from '../../errors';
import { ConcurrencyLimit, defaultHashConcurrency, QueueFullError } from './concurrency-limit';

/** The `ConcurrencyLimit` argon2id jobs share (`AUTH_HASH_CONCURRENCY`). */
export const HASH_CONCURRENCY_LIMIT = Symbol('HASH_CONCURRENCY_LIMIT');

/** OWASP Password Storage Cheat Sheet, argon2id: m=19 MiB, t=2, p=1. */
export const argon2idParams = {
  type: argon2.argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

const phcArgon2id = /^\$argon2id\$v=\d+\$(?:[mtp]=\d+,){2}[mtp]=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

/** True for an argon2id PHC string (the only password hash format this app stores). */
export function isArgon2idHash(value: string): boolean {
  return phcArgon2id.test(value);
}

/**
 * argon2id for human-chosen secrets (passwords, and client secrets a person picked). A lookup
 * that misses verifies against a dummy hash, so an unknown name costs as much as a known one.
 * Hashes run on libuv's threadpool, as token signatures do; at most `limit` at once, so a burst of
 * logins waits here (in order) instead of in the pool, where it would hold up every signature.
 * Sign-in checks pass the caller's address: the wait is bounded (`AUTH_HASH_QUEUE_LIMIT`, then
 * 503) and one address holds at most its share (`AUTH_HASH_PER_ADDRESS`, then 429), both with
 * `Retry-After` at once, so a flood costs its sender refusals rather than everyone a long wait.
 */
@Injectable()
export class PasswordHasher {
  private dummy: Promise<string> | undefined;

  constructor(
    @Inject(HASH_CONCURRENCY_LIMIT) private readonly limit = new ConcurrencyLimit(defaultHashConcurrency()),
  ) {}

  hash(plain: string): Promise<string> {
    return this.limit.run(() => argon2.hash(plain, argon2idParams));
  }

  /**
   * False for a wrong password or a malformed stored hash; throws only when `address` is over its
   * share or the queue is full (429 / 503).
   */
  async verify(hash: string, plain: string, address?: string): Promise<boolean> {
    try {
      return await this.limit.run(() => argon2.verify(hash, plain).catch(() => false), address);
    } catch (error) {
      throw error instanceof QueueFullError ? queueRefusal(error) : error;
    }
  }

  /** True when a stored hash uses weaker or different parameters than today's. */
  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, argon2idParams);
  }

  /** Spends the time of one verification and always fails. */
  async verifyDummy(plain: string, address?: string): Promise<false> {
    this.dummy ??= this.hash(randomBytes(32).toString('base64url'));
    await this.verify(await this.dummy, plain, address);
    return false;
  }
}

function queueRefusal(error: QueueFullError): AuthError {
  return error.scope === 'queue'
    ? new AuthError(AuthErrorCode.TemporarilyUnavailable, 'too many sign-ins in progress; retry shortly', {
        retryAfterSec: 1,
      })
    : new AuthError(
        AuthErrorCode.TooManyRequests,
        'too many sign-ins in progress from this address; retry shortly',
        { retryAfterSec: 1 },
      );
}
