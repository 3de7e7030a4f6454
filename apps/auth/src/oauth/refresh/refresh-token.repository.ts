import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource, IsNull } from 'typeorm';
import type { SubjectType } from '../tokens/token-subject';
import { RefreshTokenEntity } from './refresh-token.entity';

export interface NewRefreshToken {
  hash: string;
  familyId: string;
  clientId: string;
  subject: string;
  subjectType: SubjectType;
  scope: string;
  expiresAt: Date;
  familyExpiresAt: Date;
}

/** What a successful rotation learns about the consumed token's family. */
export interface ConsumedRefreshToken {
  familyId: string;
  subject: string;
  subjectType: SubjectType;
  scope: string;
  childExpiresAt: Date;
  /** For a user subject: the user as it is now, null when it no longer exists. */
  user: { roles: string[]; disabled: boolean } | null;
}

export type RefreshTokenState = 'unknown' | 'consumed' | 'revoked' | 'expired' | 'active';

/** The only code that touches `auth_refresh_tokens`. */
@Injectable()
export class RefreshTokenRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(token: NewRefreshToken): Promise<void> {
    await this.run(INSERT, [
      token.hash,
      token.familyId,
      token.clientId,
      token.subject,
      token.subjectType,
      token.scope,
      token.expiresAt,
      token.familyExpiresAt,
    ]);
  }

  /**
   * Consumes `hash` and inserts its child in ONE statement: the UPDATE's `consumed_at IS NULL`
   * condition is re-checked under the row lock, so of N concurrent calls exactly one gets a row
   * and inserts the child; the others get nothing, and nothing is half-written.
   *
   * The same statement reads a user subject's current roles and status (LEFT JOIN of `users`), so
   * a refresh grant is one round trip; the caller revokes the family when the user is gone or
   * disabled, exactly as it would after a separate lookup.
   */
  async rotate(hash: string, clientId: string, childHash: string, childExpiresAt: Date): Promise<ConsumedRefreshToken | undefined> {
    const rows = await this.run<RawConsumed>(ROTATE, [hash, clientId, childHash, childExpiresAt]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      familyId: row.family_id,
      subject: row.subject,
      subjectType: row.subject_type,
      scope: row.scope,
      childExpiresAt: new Date(row.child_expires_at),
      user: row.user_id === null ? null : { roles: row.user_roles ?? [], disabled: row.user_disabled === true },
    };
  }

  /**
   * The grant path's statements go straight to the pg pool under TypeORM (`DataSource.query`
   * would add a query runner, logger and broadcaster per call) as named prepared statements:
   * each pooled connection parses and plans them once. Same pool, same implicit transaction per
   * statement; errors are pg's own rather than TypeORM's QueryFailedError (no caller tells them
   * apart). Falls back to `DataSource.query` for a driver without a pg pool.
   */
  private async run<T>(statement: { name: string; text: string }, values: unknown[]): Promise<T[]> {
    const pool = (this.db.driver as { master?: unknown }).master as Pool | undefined;
    if (!pool || typeof pool.query !== 'function') return (await this.db.query(statement.text, values)) as T[];
    const result = await pool.query({ name: statement.name, text: statement.text, values });
    return result.rows as T[];
  }

  /** Why a token could not be consumed (read after the fact, only to choose the answer). */
  async state(hash: string): Promise<{ state: RefreshTokenState; familyId?: string; clientId?: string; expiresAt?: Date }> {
    const row = await this.db.getRepository(RefreshTokenEntity).findOne({ where: { hash } });
    if (!row) return { state: 'unknown' };
    const now = Date.now();
    const state: RefreshTokenState = row.revokedAt
      ? 'revoked'
      : row.consumedAt
        ? 'consumed'
        : row.expiresAt.getTime() <= now || row.familyExpiresAt.getTime() <= now
          ? 'expired'
          : 'active';
    return { state, familyId: row.familyId, clientId: row.clientId, expiresAt: minDate(row.expiresAt, row.familyExpiresAt) };
  }

  /** Revokes every live token of a family; returns how many it revoked. */
  async revokeFamily(familyId: string): Promise<number> {
    const result = await this.db
      .getRepository(RefreshTokenEntity)
      .update({ familyId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    return result.affected ?? 0;
  }

  /** Drops families past their absolute lifetime (nothing in them can be used any more). */
  async purgeExpired(): Promise<number> {
    const result = await this.db.query(`DELETE FROM "auth_refresh_tokens" WHERE "family_expires_at" < now() - interval '1 day'`);
    return Array.isArray(result) ? Number(result[1] ?? 0) : 0;
  }
}

const INSERT = {
  name: 'gatehouse_auth_refresh_insert',
  text: `INSERT INTO "auth_refresh_tokens" ("hash", "family_id", "parent_hash", "client_id", "subject", "subject_type",
                                          "scope", "expires_at", "family_expires_at")
         VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8)`,
};

const ROTATE = {
  name: 'gatehouse_auth_refresh_rotate',
  text: `WITH parent AS (
           UPDATE "auth_refresh_tokens" SET "consumed_at" = now()
            WHERE "hash" = $1 AND "client_id" = $2 AND "consumed_at" IS NULL AND "revoked_at" IS NULL
              AND "expires_at" > now() AND "family_expires_at" > now()
            RETURNING "family_id", "client_id", "subject", "subject_type", "scope", "family_expires_at"
         ), child AS (
           INSERT INTO "auth_refresh_tokens" ("hash", "family_id", "parent_hash", "client_id", "subject", "subject_type",
                                              "scope", "expires_at", "family_expires_at")
           SELECT $3, "family_id", $1, "client_id", "subject", "subject_type", "scope",
                  LEAST($4::timestamptz, "family_expires_at"), "family_expires_at" FROM parent
           RETURNING "expires_at"
         )
         SELECT p."family_id", p."subject", p."subject_type", p."scope", c."expires_at" AS "child_expires_at",
                u."id" AS "user_id", u."roles" AS "user_roles", u."disabled" AS "user_disabled"
           FROM parent p CROSS JOIN child c
           LEFT JOIN "users" u ON p."subject_type" = 'user' AND u."username" = p."subject"`,
};

interface RawConsumed {
  family_id: string;
  subject: string;
  subject_type: SubjectType;
  scope: string;
  child_expires_at: Date | string;
  user_id: string | null;
  user_roles: string[] | null;
  user_disabled: boolean | null;
}

function minDate(a: Date, b: Date): Date {
  return a < b ? a : b;
}
