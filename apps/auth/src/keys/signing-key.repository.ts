import type { EntityManager } from 'typeorm';
import {
  type NewSigningKey,
  signingAlgOf,
  type SigningKeyTable,
  type StoredSigningKey,
} from '@gatehouse/signing-keys';

interface SigningKeyRow {
  kid: string;
  alg: string;
  public_jwk: StoredSigningKey['publicJwk'];
  private_key_encrypted: string;
  created_at: Date;
  activates_at: Date;
  retires_at: Date | null;
}

/** `auth_signing_keys`: the shared key store's statements, on auth's table. */
export class SigningKeyRepository implements SigningKeyTable {
  // Arbitrary, fixed: replicas of auth serialise rotations on it (the provider has its own).
  readonly lockKey = 7_100_001;

  /** A retired key is never loaded again, so the ring holds a handful of keys. */
  async listPublished(db: EntityManager, now: Date): Promise<StoredSigningKey[]> {
    const rows = (await db.query(
      `SELECT kid, alg, public_jwk, private_key_encrypted, created_at, activates_at, retires_at
         FROM auth_signing_keys WHERE retires_at IS NULL OR retires_at > $1`,
      [now],
    )) as SigningKeyRow[];
    return rows.map(toStored);
  }

  /** Retired keys count too: the newest key decides whether a rotation is due. */
  async newestCreatedAt(tx: EntityManager): Promise<Date | undefined> {
    const [row] = (await tx.query('SELECT max(created_at) AS newest FROM auth_signing_keys')) as {
      newest: Date | null;
    }[];
    return row?.newest ?? undefined;
  }

  async insert(
    tx: EntityManager,
    key: NewSigningKey,
    times: { createdAt: Date; activatesAt: Date },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO auth_signing_keys (kid, alg, public_jwk, private_key_encrypted, created_at, activates_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [key.kid, key.alg, key.publicJwk, key.privateKeyEncrypted, times.createdAt, times.activatesAt],
    );
  }

  /** Only keys not retiring yet: an earlier retirement, already scheduled, stays as it was. */
  async retireOthers(tx: EntityManager, kid: string, retiresAt: Date): Promise<void> {
    await tx.query('UPDATE auth_signing_keys SET retires_at = $2 WHERE retires_at IS NULL AND kid <> $1', [
      kid,
      retiresAt,
    ]);
  }

  async deleteRetiredBefore(tx: EntityManager, cutoff: Date): Promise<void> {
    await tx.query('DELETE FROM auth_signing_keys WHERE retires_at < $1', [cutoff]);
  }
}

function toStored(row: SigningKeyRow): StoredSigningKey {
  return {
    kid: row.kid,
    alg: signingAlgOf(row.alg),
    publicJwk: row.public_jwk,
    privateKeyEncrypted: row.private_key_encrypted,
    createdAt: row.created_at,
    activatesAt: row.activates_at,
    retiresAt: row.retires_at,
  };
}
