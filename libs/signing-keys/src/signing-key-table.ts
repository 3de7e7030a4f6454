import type { EntityManager } from 'typeorm';
import type { NewSigningKey, StoredSigningKey } from './signing-key';

/**
 * One app's key table: the statements `SigningKeyStore` runs. `tx` is the store's transaction,
 * which already holds the app's advisory lock.
 */
export interface SigningKeyTable {
  /** Unique among the apps sharing a database: the replicas of one app serialise rotations on it. */
  readonly lockKey: number;
  /** Keys still published at `now` (a retired key is never loaded again), in any order. */
  listPublished(db: EntityManager, now: Date): Promise<StoredSigningKey[]>;
  /** Creation time of the newest key, retired or not; undefined for an empty table. */
  newestCreatedAt(tx: EntityManager): Promise<Date | undefined>;
  insert(tx: EntityManager, key: NewSigningKey, times: { createdAt: Date; activatesAt: Date }): Promise<void>;
  /** Schedules the retirement of every key but `kid` that is not retiring yet. */
  retireOthers(tx: EntityManager, kid: string, retiresAt: Date): Promise<void>;
  deleteRetiredBefore(tx: EntityManager, cutoff: Date): Promise<void>;
}
