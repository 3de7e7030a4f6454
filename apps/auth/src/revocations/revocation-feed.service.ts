import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RevocationSnapshot } from '@gatehouse/protocol';
import { DataSource } from 'typeorm';

export interface RevocationFeed {
  snapshot: RevocationSnapshot;
  /** Strong ETag of the snapshot's JSON: equal lists, equal tags, on every replica. */
  etag: string;
}

/**
 * What resource servers must refuse although signature and `exp` are good: revoked access tokens
 * (until their `exp`), disabled users, disabled clients. Read from the database on each call, so
 * every replica answers the same; each list is sorted, so the ETag depends only on the content.
 */
@Injectable()
export class RevocationFeedService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async current(): Promise<RevocationFeed> {
    const rows: { kind: 'jti' | 'user' | 'client'; name: string }[] = await this.db.query(
      `SELECT 'jti' AS "kind", "jti" AS "name" FROM "auth_revoked_access_tokens" WHERE "expires_at" > now()
       UNION ALL SELECT 'user', "username" FROM "users" WHERE "disabled"
       UNION ALL SELECT 'client', "client_id" FROM "clients" WHERE "disabled"
       ORDER BY 1, 2`,
    );
    const snapshot: RevocationSnapshot = { jti: [], users: [], clients: [] };
    for (const row of rows)
      (row.kind === 'jti' ? snapshot.jti : row.kind === 'user' ? snapshot.users : snapshot.clients).push(
        row.name,
      );
    const etag = `"${createHash('sha256').update(JSON.stringify(snapshot)).digest('base64url').slice(0, 27)}"`;
    return { snapshot, etag };
  }
}
