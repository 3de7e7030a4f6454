import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { openDataSource, runMigrations } from '@gatehouse/persistence';
import { createTestDatabase, type TestDatabase } from '@gatehouse/testing';
import type { DataSource } from 'typeorm';
import { AUTH_MIGRATIONS_TABLE, authSchema } from '../src/database/auth-schema';
import { type NewRefreshToken, RefreshTokenRepository } from '../src/oauth/refresh/refresh-token.repository';

const HOUR = 3_600_000;
const hash = () => randomBytes(32).toString('hex');
const inMs = (ms: number) => new Date(Date.now() + ms);

/** Every statement of the refresh-token repository on the real schema (migrations). */
describe('RefreshTokenRepository on PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let tokens: RefreshTokenRepository;

  const issue = async (overrides: Partial<NewRefreshToken> = {}): Promise<NewRefreshToken> => {
    const token: NewRefreshToken = {
      hash: hash(),
      familyId: randomUUID(),
      clientId: 'web',
      subject: 'svc',
      subjectType: 'client',
      scope: 'read',
      expiresAt: inMs(HOUR),
      familyExpiresAt: inMs(24 * HOUR),
      ...overrides,
    };
    await tokens.insert(token);
    return token;
  };
  const liveTokens = async (familyId: string): Promise<number> =>
    (
      (await ds.query(
        `SELECT count(*)::int AS n FROM auth_refresh_tokens WHERE family_id = $1 AND revoked_at IS NULL`,
        [familyId],
      )) as { n: number }[]
    )[0]!.n;
  /** A second connection, to hold locks the way a concurrent request does. */
  const connection = async (): Promise<Client> => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    return client;
  };
  const pendingAfter = async <T>(promise: Promise<T>, ms: number): Promise<boolean> =>
    Promise.race([promise.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), ms))]);

  beforeAll(async () => {
    db = await createTestDatabase('auth_refresh_repository');
    ds = await openDataSource({ ...authSchema, url: db.url, migrationsTableName: AUTH_MIGRATIONS_TABLE });
    await runMigrations(ds);
    tokens = new RefreshTokenRepository(ds);
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('insert starts a family with its first, active token', async () => {
    const token = await issue();
    expect(await tokens.state(token.hash)).toEqual({
      state: 'active',
      familyId: token.familyId,
      clientId: 'web',
      expiresAt: token.expiresAt,
    });
    const [family] = (await ds.query(
      `SELECT expires_at, revoked_at FROM auth_refresh_families WHERE family_id = $1`,
      [token.familyId],
    )) as { expires_at: Date; revoked_at: Date | null }[];
    expect(family).toEqual({ expires_at: token.familyExpiresAt, revoked_at: null });
  });

  it('state: unknown, and expired by either lifetime (the earlier one is the expiry)', async () => {
    expect(await tokens.state(hash())).toEqual({ state: 'unknown' });
    const idle = await issue({ expiresAt: inMs(-1000) });
    expect(await tokens.state(idle.hash)).toMatchObject({ state: 'expired', expiresAt: idle.expiresAt });
    const family = await issue({ familyExpiresAt: inMs(-1000) });
    expect(await tokens.state(family.hash)).toMatchObject({
      state: 'expired',
      expiresAt: family.familyExpiresAt,
    });
  });

  describe('rotate', () => {
    it('consumes the token and inserts its child in the family, capped at the family lifetime', async () => {
      const parent = await issue({ familyExpiresAt: inMs(2 * HOUR) });
      const child = hash();
      const consumed = await tokens.rotate(parent.hash, 'web', child, inMs(5 * HOUR));
      expect(consumed).toEqual({
        familyId: parent.familyId,
        subject: 'svc',
        subjectType: 'client',
        scope: 'read',
        childExpiresAt: parent.familyExpiresAt,
        user: null,
      });
      expect(await tokens.state(parent.hash)).toMatchObject({ state: 'consumed' });
      expect(await tokens.state(child)).toMatchObject({ state: 'active', familyId: parent.familyId });
      const [row] = (await ds.query(`SELECT parent_hash FROM auth_refresh_tokens WHERE hash = $1`, [
        child,
      ])) as {
        parent_hash: string;
      }[];
      expect(row!.parent_hash).toBe(parent.hash);
    });

    it("reads a user subject's current roles and status, null when the user is gone", async () => {
      await ds.query(
        `INSERT INTO users (id, username, roles, disabled) VALUES ($1, 'ursula', '{user,admin}', true)`,
        [randomUUID()],
      );
      const ursula = await issue({ subject: 'ursula', subjectType: 'user' });
      expect((await tokens.rotate(ursula.hash, 'web', hash(), inMs(HOUR)))?.user).toEqual({
        roles: ['user', 'admin'],
        disabled: true,
      });
      const ghost = await issue({ subject: 'ghost', subjectType: 'user' });
      expect((await tokens.rotate(ghost.hash, 'web', hash(), inMs(HOUR)))?.user).toBeNull();
    });

    it('consumes nothing for another client, an expired, a consumed or an unknown token', async () => {
      const other = await issue();
      expect(await tokens.rotate(other.hash, 'not-web', hash(), inMs(HOUR))).toBeUndefined();
      expect(await tokens.state(other.hash)).toMatchObject({ state: 'active' });
      const expired = await issue({ expiresAt: inMs(-1000) });
      expect(await tokens.rotate(expired.hash, 'web', hash(), inMs(HOUR))).toBeUndefined();
      const used = await issue();
      expect(await tokens.rotate(used.hash, 'web', hash(), inMs(HOUR))).toBeDefined();
      expect(await tokens.rotate(used.hash, 'web', hash(), inMs(HOUR))).toBeUndefined();
      expect(await tokens.rotate(hash(), 'web', hash(), inMs(HOUR))).toBeUndefined();
      expect(await liveTokens(used.familyId)).toBe(2);
    });

    it('of concurrent uses of one token, exactly one gets a child', async () => {
      const token = await issue();
      const results = await Promise.all(
        Array.from({ length: 8 }, () => tokens.rotate(token.hash, 'web', hash(), inMs(HOUR))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await liveTokens(token.familyId)).toBe(2);
    });
  });

  describe('revokeFamily', () => {
    it('revokes the family and each of its live tokens, once', async () => {
      const first = await issue();
      const second = hash();
      await tokens.rotate(first.hash, 'web', second, inMs(HOUR));
      const stranger = await issue();
      expect(await tokens.revokeFamily(first.familyId)).toBe(2);
      expect(await tokens.state(second)).toMatchObject({ state: 'revoked' });
      expect(await tokens.rotate(second, 'web', hash(), inMs(HOUR))).toBeUndefined();
      expect(await tokens.revokeFamily(first.familyId)).toBe(0);
      expect(await tokens.state(stranger.hash)).toMatchObject({ state: 'active' });
    });

    it('waits for a rotation holding the family lock, then revokes the child it inserted', async () => {
      const token = await issue();
      const child = hash();
      const rotation = await connection();
      try {
        await rotation.query('BEGIN');
        await rotation.query(`SELECT * FROM auth_refresh_rotate($1, 'web', $2, $3)`, [
          token.hash,
          child,
          inMs(HOUR),
        ]);
        const revocation = tokens.revokeFamily(token.familyId);
        expect(await pendingAfter(revocation, 300)).toBe(true);
        await rotation.query('COMMIT');
        expect(await revocation).toBe(2);
      } finally {
        await rotation.end();
      }
      expect(await tokens.state(child)).toMatchObject({ state: 'revoked' });
      expect(await liveTokens(token.familyId)).toBe(0);
    });

    it('makes a rotation waiting for the family lock insert nothing once the revocation commits', async () => {
      const token = await issue();
      const revocation = await connection();
      const child = hash();
      try {
        await revocation.query('BEGIN');
        await revocation.query(`UPDATE auth_refresh_families SET revoked_at = now() WHERE family_id = $1`, [
          token.familyId,
        ]);
        const rotation = tokens.rotate(token.hash, 'web', child, inMs(HOUR));
        expect(await pendingAfter(rotation, 300)).toBe(true);
        await revocation.query('COMMIT');
        expect(await rotation).toBeUndefined();
      } finally {
        await revocation.end();
      }
      expect(await tokens.state(child)).toEqual({ state: 'unknown' });
    });

    it('leaves no live token in a family when rotations and a revocation race', async () => {
      const families = await Promise.all(Array.from({ length: 10 }, () => issue()));
      await Promise.all(
        families.flatMap((token) => [
          tokens.rotate(token.hash, 'web', hash(), inMs(HOUR)),
          tokens.revokeFamily(token.familyId),
        ]),
      );
      for (const token of families) expect(await liveTokens(token.familyId)).toBe(0);
    });
  });

  it('purgeExpired drops families a day past their lifetime, tokens with them, and nothing else', async () => {
    const old = await issue({ expiresAt: inMs(-30 * HOUR), familyExpiresAt: inMs(-25 * HOUR) });
    await tokens.rotate(old.hash, 'web', hash(), inMs(HOUR)); // refused: expired, so one token
    const recent = await issue({ expiresAt: inMs(-2 * HOUR), familyExpiresAt: inMs(-HOUR) });
    expect(await tokens.purgeExpired()).toBe(1);
    expect(await tokens.state(old.hash)).toEqual({ state: 'unknown' });
    const families = (await ds.query(
      `SELECT family_id FROM auth_refresh_families WHERE family_id = ANY($1)`,
      [[old.familyId, recent.familyId]],
    )) as { family_id: string }[];
    expect(families.map((f) => f.family_id)).toEqual([recent.familyId]);
    expect(await tokens.state(recent.hash)).toMatchObject({ state: 'expired' });
  });
});
