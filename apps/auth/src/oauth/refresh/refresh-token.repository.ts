import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { SubjectType } from '../tokens/token-subject';
import { RefreshTokenEntity } from '../../database/entities';

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
   * Consumes `hash` and inserts its child, in one call of `auth_refresh_rotate` (migration
   * 1764700000000), one round trip: it first locks the family row (`FOR UPDATE`) and checks it is
   * not revoked. `revokeFamily` takes the same lock before it revokes the tokens, so the two
   * serialise: a revocation either sees the child (rotation went first) or the rotation sees the
   * revoked family and inserts nothing. The UPDATE's `consumed_at IS NULL` is re-checked under the
   * row lock, so of N concurrent calls exactly one gets a row and inserts the child; the others get
   * nothing, and nothing is half-written (the call is one implicit transaction).
   *
   * The same statement reads a user subject's current roles and status (LEFT JOIN of `users`), so
   * the caller revokes the family when the user is gone or disabled without a separate lookup.
   */
  async rotate(
    hash: string,
    clientId: string,
    childHash: string,
    childExpiresAt: Date,
  ): Promise<ConsumedRefreshToken | undefined> {
    const rows = await this.run<RawConsumed>(ROTATE, [hash, clientId, childHash, childExpiresAt]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      familyId: row.family_id,
      subject: row.subject,
      subjectType: row.subject_type,
      scope: row.scope,
      childExpiresAt: new Date(row.child_expires_at),
      user:
        row.user_id === null ? null : { roles: row.user_roles ?? [], disabled: row.user_disabled === true },
    };
  }

  /**
   * The grant path's statements go straight to the pg pool under TypeORM (`DataSource.query`
   * would add a query runner, logger and broadcaster per call) as named prepared statements:
   * each pooled connection parses and plans them once. Same pool, same implicit transaction per
   * statement; errors are pg's own rather than TypeORM's QueryFailedError (no caller tells them
   * apart). Falls back to `DataSource.query` for a driver without a pg pool.
   */
  private run<T>(statement: Statement, values: unknown[]): Promise<T[]> {
    const pool = this.pool();
    return pool
      ? pooled<T>(pool, statement, values)
      : (this.db.query(statement.text, values) as Promise<T[]>);
  }

  /** Runs `work` in one transaction on one connection (a pg pool client, or a TypeORM query runner). */
  private async transaction<T>(
    work: (run: <R>(statement: Statement, values: unknown[]) => Promise<R[]>) => Promise<T>,
  ): Promise<T> {
    const pool = this.pool();
    if (!pool)
      return this.db.transaction((manager) =>
        work((statement, values) => manager.query(statement.text, values)),
      );
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work((statement, values) => pooled(client, statement, values));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private pool(): Pool | undefined {
    const pool = (this.db.driver as { master?: unknown }).master as Pool | undefined;
    return pool && typeof pool.query === 'function' ? pool : undefined;
  }

  /** Why a token could not be consumed (read after the fact, only to choose the answer). */
  async state(
    hash: string,
  ): Promise<{ state: RefreshTokenState; familyId?: string; clientId?: string; expiresAt?: Date }> {
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
    return {
      state,
      familyId: row.familyId,
      clientId: row.clientId,
      expiresAt: minDate(row.expiresAt, row.familyExpiresAt),
    };
  }

  /**
   * Revokes the family and every live token of it, in one transaction that marks the family row
   * first: that waits for a rotation holding the row's lock, so the token UPDATE (a later
   * statement, a later snapshot) sees any child it inserted. Returns how many tokens it revoked.
   */
  async revokeFamily(familyId: string): Promise<number> {
    return this.transaction(async (run) => {
      await run(REVOKE_FAMILY, [familyId]);
      return (await run<{ hash: string }>(REVOKE_FAMILY_TOKENS, [familyId])).length;
    });
  }

  /** Drops families past their absolute lifetime (nothing in them can be used any more). */
  async purgeExpired(): Promise<number> {
    const result = await this.db.query(
      `DELETE FROM "auth_refresh_tokens" WHERE "family_expires_at" < now() - interval '1 day'`,
    );
    await this.db.query(`DELETE FROM "auth_refresh_families" WHERE "expires_at" < now() - interval '1 day'`);
    return Array.isArray(result) ? Number(result[1] ?? 0) : 0;
  }
}

interface Statement {
  name: string;
  text: string;
}

/** Named prepared statement on a pg pool or pool client (planned once per connection). */
async function pooled<T>(target: Pick<Pool, 'query'>, statement: Statement, values: unknown[]): Promise<T[]> {
  const result = await target.query({ name: statement.name, text: statement.text, values });
  return result.rows as T[];
}

/** A new family and its first token, in one statement. */
const INSERT: Statement = {
  name: 'gatehouse_auth_refresh_insert',
  text: `WITH family AS (
           INSERT INTO "auth_refresh_families" ("family_id", "expires_at") VALUES ($2, $8)
         )
         INSERT INTO "auth_refresh_tokens" ("hash", "family_id", "parent_hash", "client_id", "subject", "subject_type",
                                            "scope", "expires_at", "family_expires_at")
         VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8)`,
};

const REVOKE_FAMILY: Statement = {
  name: 'gatehouse_auth_refresh_revoke_family',
  text: `UPDATE "auth_refresh_families" SET "revoked_at" = COALESCE("revoked_at", now()) WHERE "family_id" = $1`,
};

const REVOKE_FAMILY_TOKENS: Statement = {
  name: 'gatehouse_auth_refresh_revoke_family_tokens',
  text: `UPDATE "auth_refresh_tokens" SET "revoked_at" = now() WHERE "family_id" = $1 AND "revoked_at" IS NULL RETURNING "hash"`,
};

/** The family lock and the consume+insert, server-side (see the migration for the statements). */
const ROTATE: Statement = {
  name: 'gatehouse_auth_refresh_rotate_fn',
  text: `SELECT * FROM "auth_refresh_rotate"($1, $2, $3, $4)`,
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
