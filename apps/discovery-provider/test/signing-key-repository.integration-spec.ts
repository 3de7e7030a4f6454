import { randomBytes, randomUUID } from 'node:crypto';
import { openDataSource, runMigrations } from '@gatehouse/persistence';
import { createTestDatabase, type TestDatabase } from '@gatehouse/testing';
import { KeyEncryption } from '@gatehouse/secrets';
import {
  generateSigningKey,
  type KeySchedulePolicy,
  planRotation,
  selectSigner,
  SigningKeyStore,
} from '@gatehouse/signing-keys';
import type { DataSource } from 'typeorm';
import { SigningKeyRepository } from '../src/keys/signing-key.repository';
import {
  DISCOVERY_MIGRATIONS_TABLE,
  discoveryEntities,
  discoveryMigrations,
} from '../src/persistence/entities';

const MIN = 60_000;
const policy: KeySchedulePolicy = {
  rotationIntervalMs: 60 * MIN,
  publishLeadMs: 15 * MIN,
  retireAfterMs: 2 * MIN,
};

describe('the provider signing-key table (real PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: SigningKeyStore;
  const encryption = new KeyEncryption(randomBytes(32));
  const addKey = () =>
    store.rotate(
      (newest, now) => planRotation(newest, now, policy),
      () => generateSigningKey('ES256', encryption),
    );
  const published = async (at = new Date()) => store.listPublished(at);
  const kids = async (at?: Date) => (await published(at)).map((k) => k.kid).sort();
  /** Moves every key's timeline `min` minutes into the past. */
  const age = (min: number) =>
    ds.query(
      `UPDATE discovery_signing_key SET created_at = created_at - $1 * interval '1 minute',
              retired_at = retired_at - $1 * interval '1 minute'`,
      [min],
    );
  const tokenFor = (kid: string, expiresAt: Date | null, revoked = false) =>
    ds.query(
      `INSERT INTO discovery_configuration_token (jti, name, permissions, kid, issued_at, expires_at, revoked_at)
       VALUES ($1, 'svc', '{}', $2, now(), $3, $4)`,
      [randomUUID(), kid, expiresAt, revoked ? new Date() : null],
    );

  beforeAll(async () => {
    db = await createTestDatabase('discovery_signing_keys');
    ds = await openDataSource({
      url: db.url,
      migrationsTableName: DISCOVERY_MIGRATIONS_TABLE,
      entities: discoveryEntities,
      migrations: discoveryMigrations,
    });
    await runMigrations(ds);
    store = new SigningKeyStore(ds, new SigningKeyRepository(policy.publishLeadMs));
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });
  beforeEach(() => ds.query('TRUNCATE discovery_signing_key, discovery_configuration_token'));

  it('derives activation from creation, as the shared schedule sets it: the first key at once, later ones after the lead', async () => {
    const first = (await addKey())!;
    const second = (await addKey())!;
    const rows = await published();
    const byKid = new Map(rows.map((k) => [k.kid, k]));
    expect(byKid.get(first.kid)!.activatesAt).toEqual(first.createdAt);
    expect(byKid.get(second.kid)!.activatesAt).toEqual(second.activatesAt);
    expect(second.activatesAt.getTime() - second.createdAt.getTime()).toBe(policy.publishLeadMs);
    expect(selectSigner(rows, new Date())!.kid).toBe(first.kid);
    expect(selectSigner(rows, second.activatesAt)!.kid).toBe(second.kid);
  });

  it('a replaced key leaves once retired, unless a live configuration token was signed with it', async () => {
    const [a, b, c] = [(await addKey())!, (await addKey())!, (await addKey())!];
    await age(30);
    // The third key signs 15 minutes after its creation; the others retired 2 minutes after that.
    expect(await kids()).toEqual([c.kid]);
    await tokenFor(a.kid, null);
    await tokenFor(b.kid, new Date(Date.now() - 1000));
    await tokenFor(b.kid, null, true);
    const rows = await published();
    expect(rows.map((k) => k.kid).sort()).toEqual([a.kid, c.kid].sort());
    expect(rows.find((k) => k.kid === a.kid)!.retiresAt).toBeNull();
  });

  it('deletes keys retired a rotation interval ago, but never one a live token needs', async () => {
    const [a, b, c] = [(await addKey())!, (await addKey())!, (await addKey())!];
    await tokenFor(a.kid, new Date(Date.now() + 3600_000));
    await age(3 * 60);
    // a and b retired 17 minutes after c was created, over two hours ago; c retires only now.
    await addKey();
    const left = ((await ds.query('SELECT kid FROM discovery_signing_key')) as { kid: string }[]).map(
      (r) => r.kid,
    );
    expect(left).toEqual(expect.arrayContaining([a.kid, c.kid]));
    expect(left).not.toContain(b.kid);
    expect(left).toHaveLength(3);
  });

  it('two replicas due at once add exactly one key (advisory lock)', async () => {
    await addKey();
    await age(2 * 60);
    const due = (newest: Date | undefined, now: Date) =>
      newest && now.getTime() - newest.getTime() >= policy.rotationIntervalMs
        ? planRotation(newest, now, policy)
        : undefined;
    const results = await Promise.all(
      [1, 2, 3].map(() => store.rotate(due, () => generateSigningKey('EdDSA', encryption))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await ds.query('SELECT kid FROM discovery_signing_key')).toHaveLength(2);
  });
});
