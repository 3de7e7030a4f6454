import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthError, AuthErrorCode } from '../../errors';
import { THROTTLE_SETTINGS, type ThrottleSettings } from '../accounts.options';

/** The failure counter of one identity at one address: `user:` or `client:` and a hash of both. */
export type BackoffKey = `${'user' | 'client'}:${string}`;

/**
 * Keyed by identity AND the (end client's) address: a flood of wrong secrets for X from address A
 * locks X only at A, never X for everyone. `name` undefined is the shared counter of names that
 * do not exist (one per address, so random names grow no table, and a lockout tells nothing).
 */
export function backoffKey(kind: 'user' | 'client', name: string | undefined, address: string): BackoffKey {
  // Hashed: bounded length whatever the caller sends, and no names or addresses kept in the table.
  const identity = name === undefined ? '\u0000unknown' : name;
  return `${kind}:${createHash('sha256').update(`${identity}\u0000${address}`, 'utf8').digest('hex')}`;
}

const PRUNE_EVERY_MS = 5 * 60_000;

/**
 * Seconds a `login_failures` row (alias `alias`) stays locked, as SQL: positive while locked, else
 * zero, negative or NULL. Shared by `check` and by the credential lookups that LEFT JOIN the row
 * into their own query (one round trip for "locked?" and "who is this?").
 */
export const LOCKOUT_WAIT_SQL = (alias: string): string =>
  `CEIL(EXTRACT(EPOCH FROM (${alias}."locked_until" - now())))::int`;

/** True when `wait` (from `LOCKOUT_WAIT_SQL`) says the key is locked. */
export function isLocked(wait: number | null | undefined): wait is number {
  return wait !== null && wait !== undefined && wait > 0;
}

/** Throws 429 with `Retry-After` while `wait` (from `LOCKOUT_WAIT_SQL`) says the key is locked. */
export function throwIfLocked(wait: number | null | undefined): void {
  if (isLocked(wait)) {
    throw new AuthError(AuthErrorCode.TooManyRequests, 'too many failed attempts; retry later', {
      retryAfterSec: wait,
    });
  }
}

/**
 * Exponential backoff per (username or client id, address) after failed sign-ins, for guessable
 * secrets only: passwords and person-chosen (argon2id) client secrets. Server-generated secrets
 * (256 bits) and Ed25519 signatures cannot be guessed, so they need none, and a refusal there
 * could only lock out the rightful owner. Counters live in PostgreSQL (`login_failures`), so every
 * replica enforces the same lockout.
 */
@Injectable()
export class LoginBackoffService implements OnModuleInit, OnModuleDestroy {
  private pruner: NodeJS.Timeout | undefined;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(THROTTLE_SETTINGS) private readonly settings: ThrottleSettings,
  ) {}

  onModuleInit(): void {
    this.pruner = setInterval(() => void this.prune().catch(() => undefined), PRUNE_EVERY_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.pruner);
  }

  /** Counts a failure; past the free ones, locks the key for base * 2^n seconds (capped). */
  async recordFailure(key: BackoffKey): Promise<void> {
    const { freeFailures, baseDelaySec, maxDelaySec, failureWindowSec } = this.settings;
    await this.db.query(
      `INSERT INTO "login_failures" AS f ("key", "failures", "locked_until", "last_failure_at")
       VALUES ($1, 1, CASE WHEN 1 > $2::int THEN now() + make_interval(secs => $3::float8) END, now())
       ON CONFLICT ("key") DO UPDATE SET
         "failures" = CASE WHEN f."last_failure_at" <= now() - make_interval(secs => $5::float8) THEN 1 ELSE f."failures" + 1 END,
         "locked_until" = CASE
           WHEN f."last_failure_at" <= now() - make_interval(secs => $5::float8) THEN CASE WHEN 1 > $2::int THEN now() + make_interval(secs => $3::float8) END
           WHEN f."failures" + 1 > $2::int THEN now() + make_interval(secs => LEAST($4::float8, $3::float8 * power(2, LEAST(f."failures" - $2::int, 30))))
         END,
         "last_failure_at" = now()`,
      [key, freeFailures, baseDelaySec, maxDelaySec, failureWindowSec],
    );
  }

  /** A success clears the key's failures. */
  async reset(key: BackoffKey): Promise<void> {
    await this.db.query(`DELETE FROM "login_failures" WHERE "key" = $1`, [key]);
  }

  /** Forgets counters that can no longer lock anyone. */
  async prune(): Promise<void> {
    await this.db.query(
      `DELETE FROM "login_failures"
        WHERE "last_failure_at" <= now() - make_interval(secs => $1::float8) AND ("locked_until" IS NULL OR "locked_until" < now())`,
      [this.settings.failureWindowSec],
    );
  }
}
