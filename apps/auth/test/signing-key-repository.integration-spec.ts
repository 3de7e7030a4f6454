import { randomBytes } from 'node:crypto';
import { openDataSource, runMigrations } from '@gatehouse/persistence';
import { createTestDatabase, type TestDatabase } from '@gatehouse/testing';
import { KeyEncryption } from '@gatehouse/secrets';
import {
  generateSigningKey,
  type KeySchedulePolicy,
  KeyRing,
  planRotation,
  SigningKeyStore,
} from '@gatehouse/signing-keys';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { AUTH_MIGRATIONS_TABLE, authSchema } from '../src/database/auth-schema';
import { SigningKeyRepository } from '../src/keys/signing-key.repository';

const MIN = 60_000;
const policy: KeySchedulePolicy = {
  rotationIntervalMs: 60 * MIN,
  publishLeadMs: 10 * MIN,
  retireAfterMs: 30 * MIN,
};

describe('the auth signing-key table (real PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: SigningKeyStore;
  const encryption = new KeyEncryption(randomBytes(32));
  const addKey = async () =>
    (await store.rotate(
      (newest, now) => planRotation(newest, now, policy),
      () => generateSigningKey('ES256', encryption),
    ))!;
  const age = (min: number) =>
    ds.query(
      `UPDATE auth_signing_keys SET created_at = created_at - $1 * interval '1 minute',
              activates_at = activates_at - $1 * interval '1 minute', retires_at = retires_at - $1 * interval '1 minute'`,
      [min],
    );

  beforeAll(async () => {
    db = await createTestDatabase('auth_signing_keys');
    ds = await openDataSource({ ...authSchema, url: db.url, migrationsTableName: AUTH_MIGRATIONS_TABLE });
    await runMigrations(ds);
    store = new SigningKeyStore(ds, new SigningKeyRepository());
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });
  beforeEach(() => ds.query('TRUNCATE auth_signing_keys'));

  it('stores the planned times and retires the replaced keys when the new one has signed retireAfter', async () => {
    const first = await addKey();
    const second = await addKey();
    const rows = await store.listPublished(new Date());
    expect(rows.map((k) => k.kid).sort()).toEqual([first.kid, second.kid].sort());
    const old = rows.find((k) => k.kid === first.kid)!;
    expect(old.activatesAt).toEqual(old.createdAt);
    expect(old.retiresAt!.getTime() - second.activatesAt.getTime()).toBe(policy.retireAfterMs);
    expect(rows.find((k) => k.kid === second.kid)!.retiresAt).toBeNull();
    expect(await store.listPublished(old.retiresAt!)).toHaveLength(1);
  });

  it('the ring signs with the stored keys, sealed at rest, and publishes only public members', async () => {
    const key = await addKey();
    const [row] = (await ds.query('SELECT private_key_encrypted FROM auth_signing_keys')) as {
      private_key_encrypted: string;
    }[];
    expect(row!.private_key_encrypted).toMatch(/^v1\./);
    const ring = new KeyRing(store, encryption, pino({ enabled: false }));
    await ring.reload();
    expect(ring.signer().kid).toBe(key.kid);
    expect(ring.jwks().keys).toEqual([expect.not.objectContaining({ d: expect.anything() })]);
    // Sealed to its kid: another key-encryption key does not open it.
    const stranger = new KeyRing(
      store,
      new KeyEncryption(randomBytes(32), 'X_KEY'),
      pino({ enabled: false }),
    );
    await expect(stranger.reload()).rejects.toThrow(/^X_KEY does not open the signing key/);
  });

  it('deletes keys retired a rotation interval ago, keeps recently retired ones', async () => {
    const [a, b] = [await addKey(), await addKey()];
    await age(3 * 60);
    const c = await addKey();
    await age(5);
    await addKey();
    const left = ((await ds.query('SELECT kid FROM auth_signing_keys')) as { kid: string }[]).map(
      (r) => r.kid,
    );
    expect(left).not.toContain(a.kid);
    expect(left).toEqual(expect.arrayContaining([b.kid, c.kid]));
  });
});
