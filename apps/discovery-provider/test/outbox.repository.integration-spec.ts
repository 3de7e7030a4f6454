import { randomUUID } from 'node:crypto';
import { openDataSource, runMigrations } from '@gatehouse/persistence';
import { createTestDatabase, type TestDatabase } from '@gatehouse/testing';
import type { DataSource } from 'typeorm';
import { type ClaimedPush, OutboxRepository } from '../src/delivery/outbox.repository';
import {
  DISCOVERY_MIGRATIONS_TABLE,
  discoveryEntities,
  discoveryMigrations,
} from '../src/persistence/entities';

interface Row {
  instance_id: string;
  version: number;
  attempts: number;
  leased: boolean;
  due_in_ms: number;
  last_error: string | null;
}

/** Every statement of the outbox on the real schema (migrations), one row per instance owed a push. */
describe('OutboxRepository on PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let outbox: OutboxRepository;

  const enqueue = (ids: string[]) => ds.transaction((manager) => outbox.enqueue(manager, ids));
  const row = async (id: string): Promise<Row | undefined> =>
    (
      (await ds.query(
        `SELECT instance_id, version, attempts, leased_until IS NOT NULL AS leased, last_error,
                (extract(epoch FROM due_at - now()) * 1000)::int AS due_in_ms
           FROM discovery_outbox WHERE instance_id = $1`,
        [id],
      )) as Row[]
    )[0];
  const ids = (n: number) => Array.from({ length: n }, () => randomUUID()).sort();

  beforeAll(async () => {
    db = await createTestDatabase('discovery_outbox');
    ds = await openDataSource({
      url: db.url,
      migrationsTableName: DISCOVERY_MIGRATIONS_TABLE,
      entities: discoveryEntities,
      migrations: discoveryMigrations,
    });
    await runMigrations(ds);
    outbox = new OutboxRepository(ds);
  });
  beforeEach(() => ds.query('DELETE FROM discovery_outbox'));
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  describe('enqueue', () => {
    it('adds one due row per instance, version 1, however often an id repeats; nothing for no ids', async () => {
      const [a, b] = ids(2) as [string, string];
      await enqueue([b, a, b]);
      await enqueue([]);
      expect(await outbox.pending()).toBe(2);
      expect(await row(a)).toMatchObject({ version: 1, attempts: 0, leased: false, last_error: null });
      expect((await row(a))!.due_in_ms).toBeLessThanOrEqual(0);
    });

    it('leaves a row that is simply due as it is: its view is built when it is sent', async () => {
      const [a] = ids(1) as [string];
      await enqueue([a]);
      await enqueue([a]);
      expect(await row(a)).toMatchObject({ version: 1 });
    });

    it('bumps a leased row, a row waiting out a backoff, and a retried row: due now, attempts reset', async () => {
      const [leased, backingOff] = ids(2) as [string, string];
      await enqueue([leased, backingOff]);
      const claimed = await outbox.claim(10, 60_000);
      const backoff = claimed.find((p) => p.instanceId === backingOff)!;
      await outbox.retry(backoff, 60_000, 'refused');
      expect(await row(backingOff)).toMatchObject({ attempts: 1, leased: false });

      await enqueue([leased, backingOff]);
      expect(await row(leased)).toMatchObject({ version: 2, leased: true, attempts: 0 });
      const after = (await row(backingOff))!;
      expect(after).toMatchObject({ version: 2, attempts: 0 });
      expect(after.due_in_ms).toBeLessThanOrEqual(0);
    });

    it('does not deadlock when transactions enqueue overlapping instances in any order', async () => {
      const shared = ids(20);
      await Promise.all(Array.from({ length: 8 }, (_, i) => enqueue(i % 2 ? shared : [...shared].reverse())));
      expect(await outbox.pending()).toBe(20);
    });
  });

  describe('claim', () => {
    it('leases due rows up to the limit, oldest due first, and not again while the lease runs', async () => {
      const [first, second, third] = ids(3) as [string, string, string];
      for (const id of [third, first, second]) {
        await enqueue([id]);
        await ds.query('SELECT pg_sleep(0.01)');
      }
      const claimed = await outbox.claim(2, 60_000);
      expect(claimed.map((p) => p.instanceId)).toEqual([third, first]);
      expect(claimed[0]).toEqual({ instanceId: third, version: 1, attempts: 0 });
      expect((await outbox.claim(10, 60_000)).map((p) => p.instanceId)).toEqual([second]);
      expect(await outbox.claim(10, 60_000)).toEqual([]);
    });

    it('skips rows not due yet, and takes a row again once its lease has passed (a crashed worker)', async () => {
      const [later, crashed] = ids(2) as [string, string];
      await enqueue([later, crashed]);
      await ds.query(
        `UPDATE discovery_outbox SET due_at = now() + interval '1 minute' WHERE instance_id = $1`,
        [later],
      );
      expect((await outbox.claim(10, 1)).map((p) => p.instanceId)).toEqual([crashed]);
      await ds.query('SELECT pg_sleep(0.01)');
      expect((await outbox.claim(10, 60_000)).map((p) => p.instanceId)).toEqual([crashed]);
    });

    it('gives concurrent workers disjoint rows (replicas never deliver one push twice)', async () => {
      await enqueue(ids(40));
      const batches = await Promise.all(Array.from({ length: 4 }, () => outbox.claim(15, 60_000)));
      const all = batches.flat().map((p) => p.instanceId);
      expect(new Set(all).size).toBe(all.length);
      expect(all).toHaveLength(40);
    });
  });

  describe('complete', () => {
    it('deletes delivered rows and re-arms those that changed meanwhile, counting them', async () => {
      const [delivered, changed] = ids(2) as [string, string];
      await enqueue([delivered, changed]);
      const claimed = await outbox.claim(10, 60_000);
      await enqueue([changed]);
      expect(await outbox.complete(claimed)).toBe(1);
      expect(await row(delivered)).toBeUndefined();
      expect(await row(changed)).toMatchObject({ version: 2, leased: false });
      expect((await outbox.claim(10, 60_000)).map((p) => p.instanceId)).toEqual([changed]);
    });

    it('does nothing for no pushes, nor for a row dropped meanwhile', async () => {
      const [gone] = ids(1) as [string];
      await enqueue([gone]);
      const claimed = await outbox.claim(10, 60_000);
      await outbox.drop(gone);
      expect(await outbox.complete([])).toBe(0);
      expect(await outbox.complete(claimed)).toBe(0);
      expect(await outbox.pending()).toBe(0);
    });

    it('does not deadlock with registrations bumping the same rows', async () => {
      const shared = ids(30);
      await enqueue(shared);
      const claimed = await outbox.claim(30, 60_000);
      await Promise.all([
        outbox.complete([...claimed].reverse()),
        ...Array.from({ length: 4 }, () => enqueue([...shared].reverse())),
      ]);
      // Whichever went first, every instance still owes its push: bumped before the completion
      // (re-armed) or delivered first and added anew. None is lost or left leased.
      expect(await outbox.pending()).toBe(30);
      expect(await outbox.claim(30, 60_000)).toHaveLength(30);
    });
  });

  describe('retry', () => {
    it('counts the attempt, waits out the delay, and keeps the error (at most 500 characters)', async () => {
      const [id] = ids(1) as [string];
      await enqueue([id]);
      const [push] = (await outbox.claim(1, 60_000)) as [ClaimedPush];
      await outbox.retry(push, 30_000, 'x'.repeat(600));
      const after = (await row(id))!;
      expect(after).toMatchObject({ version: 1, attempts: 1, leased: false });
      expect(after.last_error).toHaveLength(500);
      expect(after.due_in_ms).toBeGreaterThan(25_000);
      expect(await outbox.claim(1, 60_000)).toEqual([]);
    });

    it('makes a row that changed meanwhile due at once, without counting an attempt', async () => {
      const [id] = ids(1) as [string];
      await enqueue([id]);
      const [push] = (await outbox.claim(1, 60_000)) as [ClaimedPush];
      await enqueue([id]);
      await outbox.retry(push, 30_000, 'refused');
      expect(await row(id)).toMatchObject({ version: 2, attempts: 0, leased: false, last_error: 'refused' });
      expect(await outbox.claim(1, 60_000)).toEqual([{ instanceId: id, version: 2, attempts: 0 }]);
    });
  });

  it('drop removes one instance and pending counts what is left', async () => {
    const [kept, dropped] = ids(2) as [string, string];
    await enqueue([kept, dropped]);
    await outbox.drop(dropped);
    expect(await outbox.pending()).toBe(1);
    expect(await row(kept)).toBeDefined();
  });
});
