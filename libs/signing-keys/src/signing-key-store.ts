import type { DataSource } from 'typeorm';
import type { RotationPlan } from './key-schedule';
import type { NewSigningKey, StoredSigningKey } from './signing-key';
import type { SigningKeyTable } from './signing-key-table';

/** Decides, from the newest key's creation time, whether to add a key now and with which times. */
export type RotationDecision = (newestCreatedAt: Date | undefined, now: Date) => RotationPlan | undefined;

/** The keys in PostgreSQL, shared by every replica of an app; the app supplies its table. */
export class SigningKeyStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly table: SigningKeyTable,
  ) {}

  listPublished(now: Date): Promise<StoredSigningKey[]> {
    return this.table.listPublished(this.dataSource.manager, now);
  }

  /**
   * Under a transaction-scoped advisory lock, asks `decide` whether to add a key and, if so,
   * inserts it, schedules the retirement of every other key and deletes long-retired ones. Two
   * replicas never both rotate: the second waits for the lock, then sees the first one's key and
   * declines. The key is generated only once the decision is made.
   */
  rotate(
    decide: RotationDecision,
    generate: () => Promise<NewSigningKey>,
  ): Promise<StoredSigningKey | undefined> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [this.table.lockKey]);
      const now = new Date();
      const plan = decide(await this.table.newestCreatedAt(tx), now);
      if (!plan) return undefined;
      const key = await generate();
      await this.table.insert(tx, key, { createdAt: now, activatesAt: plan.activatesAt });
      await this.table.retireOthers(tx, key.kid, plan.retireOthersAt);
      if (plan.deleteRetiredBefore) await this.table.deleteRetiredBefore(tx, plan.deleteRetiredBefore);
      return { ...key, createdAt: now, activatesAt: plan.activatesAt, retiresAt: null };
    });
  }
}
