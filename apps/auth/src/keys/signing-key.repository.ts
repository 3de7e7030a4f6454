import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull, MoreThan, Not } from 'typeorm';
import type { NewKeyMaterial, StoredKey } from './key-material';
import { SigningKeyEntity } from './signing-key.entity';

// Arbitrary, fixed: the advisory lock that makes one replica at a time decide on a rotation.
const ROTATION_LOCK = 7_100_001;

export interface KeyRotationPlan {
  /** Newest key's creation time, or undefined for an empty table; decides whether to rotate. */
  decide(newestCreatedAt: Date | undefined): { activatesAt: Date; retireOthersAt: Date } | undefined;
}

@Injectable()
export class SigningKeyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Keys still published at `now` (retired keys are never loaded again). */
  async listPublished(now: Date): Promise<StoredKey[]> {
    const rows = await this.dataSource.getRepository(SigningKeyEntity).find({
      where: [{ retiresAt: IsNull() }, { retiresAt: MoreThan(now) }],
      order: { activatesAt: 'ASC' },
    });
    return rows.map(toStored);
  }

  /**
   * Under a transaction-scoped advisory lock, asks `plan` whether to add a key and, if so, inserts
   * it and schedules the retirement of every other key. Two replicas never both rotate: the second
   * waits for the lock, then sees the first one's key and declines.
   */
  async rotate(
    material: () => Promise<NewKeyMaterial>,
    plan: KeyRotationPlan,
  ): Promise<StoredKey | undefined> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [ROTATION_LOCK]);
      const decision = plan.decide(await newestCreatedAt(tx));
      if (!decision) return undefined;
      const key = await material();
      const repo = tx.getRepository(SigningKeyEntity);
      const row = repo.create({
        ...key,
        createdAt: new Date(),
        activatesAt: decision.activatesAt,
        retiresAt: null,
      });
      await repo.update({ retiresAt: IsNull(), kid: Not(key.kid) }, { retiresAt: decision.retireOthersAt });
      return toStored(await repo.save(row));
    });
  }
}

async function newestCreatedAt(tx: EntityManager): Promise<Date | undefined> {
  const [newest] = await tx.getRepository(SigningKeyEntity).find({ order: { createdAt: 'DESC' }, take: 1 });
  return newest?.createdAt;
}

function toStored(row: SigningKeyEntity): StoredKey {
  return {
    kid: row.kid,
    alg: row.alg === 'EdDSA' ? 'EdDSA' : 'ES256',
    publicJwk: row.publicJwk,
    privateKeyEncrypted: row.privateKeyEncrypted,
    createdAt: row.createdAt,
    activatesAt: row.activatesAt,
    retiresAt: row.retiresAt,
  };
}
