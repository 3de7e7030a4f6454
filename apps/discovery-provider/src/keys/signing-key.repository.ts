import type { EntityManager } from 'typeorm';
import {
  type NewSigningKey,
  signingAlgOf,
  type SigningKeyTable,
  type StoredSigningKey,
} from '@gatehouse/signing-keys';

/**
 * A key stays published, whatever its retirement, while a configuration token it signed may still
 * be presented (not revoked, not expired): those tokens live for months, or forever.
 */
const TOKENS_LIVE = `EXISTS (SELECT 1 FROM discovery_configuration_token t
   WHERE t.kid = k.kid AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $1))`;

interface SigningKeyRow {
  kid: string;
  alg: string;
  public_jwk: StoredSigningKey['publicJwk'];
  private_key_enc: string;
  created_at: Date;
  activates_at: Date;
  retires_at: Date | null;
}

/**
 * `discovery_signing_key`: the shared key store's statements, on the provider's table. The table
 * has no activation column, so activation is derived from creation as the shared schedule sets it:
 * the first key signs at once, every later one `publishLeadMs` after its creation.
 */
export class SigningKeyRepository implements SigningKeyTable {
  // Any constant unique to this app: replicas serialise key creation on it.
  readonly lockKey = 0x6469_7363;

  constructor(private readonly publishLeadMs: number) {}

  /** A key no live token needs is never loaded again once retired. */
  async listPublished(db: EntityManager, now: Date): Promise<StoredSigningKey[]> {
    const rows = (await db.query(
      `SELECT k.kid, k.alg, k.public_jwk, k.private_key_enc, k.created_at,
              CASE WHEN EXISTS (SELECT 1 FROM discovery_signing_key o WHERE o.created_at < k.created_at)
                   THEN k.created_at + $2 * interval '1 millisecond' ELSE k.created_at END AS activates_at,
              CASE WHEN ${TOKENS_LIVE} THEN NULL ELSE k.retired_at END AS retires_at
         FROM discovery_signing_key k
        WHERE k.retired_at IS NULL OR k.retired_at > $1 OR ${TOKENS_LIVE}`,
      [now, this.publishLeadMs],
    )) as SigningKeyRow[];
    return rows.map(toStored);
  }

  /** Retired keys count too: the newest key decides whether a rotation is due. */
  async newestCreatedAt(tx: EntityManager): Promise<Date | undefined> {
    const [row] = (await tx.query('SELECT max(created_at) AS newest FROM discovery_signing_key')) as {
      newest: Date | null;
    }[];
    return row?.newest ?? undefined;
  }

  /** The activation time is not stored: `listPublished` derives the same one from `created_at`. */
  async insert(tx: EntityManager, key: NewSigningKey, times: { createdAt: Date }): Promise<void> {
    await tx.query(
      `INSERT INTO discovery_signing_key (kid, alg, public_jwk, private_key_enc, created_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [key.kid, key.alg, key.publicJwk, key.privateKeyEncrypted, times.createdAt],
    );
  }

  /** Only keys not retiring yet: an earlier retirement, already scheduled, stays as it was. */
  async retireOthers(tx: EntityManager, kid: string, retiresAt: Date): Promise<void> {
    await tx.query(
      'UPDATE discovery_signing_key SET retired_at = $2 WHERE retired_at IS NULL AND kid <> $1',
      [kid, retiresAt],
    );
  }

  /** A key a live token still needs is kept, however long ago it retired. */
  async deleteRetiredBefore(tx: EntityManager, cutoff: Date): Promise<void> {
    await tx.query(`DELETE FROM discovery_signing_key k WHERE k.retired_at < $2 AND NOT ${TOKENS_LIVE}`, [
      new Date(),
      cutoff,
    ]);
  }
}

function toStored(row: SigningKeyRow): StoredSigningKey {
  return {
    kid: row.kid,
    alg: signingAlgOf(row.alg),
    publicJwk: row.public_jwk,
    privateKeyEncrypted: row.private_key_enc,
    createdAt: row.created_at,
    activatesAt: row.activates_at,
    retiresAt: row.retires_at,
  };
}
