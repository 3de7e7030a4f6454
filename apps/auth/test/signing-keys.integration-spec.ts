import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { KeyRotation } from '@gatehouse/signing-keys';
import { ALICE, ROOT, SVC_A, WEB } from './support/fixtures';
import { queryDatabase } from './support/database';
import { basic, getJson, postForm } from './support/http';
import {
  type AuthTestEnv,
  createAuthTestEnv,
  ISSUER,
  type RunningAuthApp,
  startAuthApp,
} from './support/auth-test-app';

const LEAD_SEC = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('signing keys, JWKS and metadata', () => {
  let world: AuthTestEnv;
  let a: RunningAuthApp;
  let b: RunningAuthApp;
  /** Signed by the first key, before the rotation below. */
  let firstToken = '';

  beforeAll(async () => {
    world = await createAuthTestEnv('auth_keys', {
      AUTH_KEY_PUBLISH_LEAD_SEC: String(LEAD_SEC),
      AUTH_KEY_ROTATION_INTERVAL_SEC: '3600',
    });
    a = await startAuthApp(world.env);
    // A second replica on the same database.
    b = await startAuthApp(world.env);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await world?.dispose();
  });

  const serviceToken = async (app: RunningAuthApp) =>
    (
      await postForm(
        `${app.url}/oauth/token`,
        { grant_type: 'client_credentials' },
        { authorization: basic(SVC_A.id, SVC_A.secret) },
      )
    ).body['access_token'] as string;
  const userToken = async (who: { username: string; password: string }) =>
    (
      await postForm(
        `${a.url}/oauth/token`,
        { grant_type: 'password', ...who },
        { authorization: basic(WEB.id, WEB.secret) },
      )
    ).body['access_token'] as string;
  const jwks = async (app: RunningAuthApp) =>
    (await getJson<{ keys: Record<string, unknown>[] }>(`${app.url}/.well-known/jwks.json`)).body.keys;
  const verifyRemote = (app: RunningAuthApp, token: string) =>
    jwtVerify(token, createRemoteJWKSet(new URL(`${app.url}/.well-known/jwks.json`)), {
      issuer: ISSUER,
      audience: ISSUER,
      typ: 'at+jwt',
    });

  it('publishes public keys only, with a max-age below the publish lead time', async () => {
    const reply = await getJson<{ keys: Record<string, unknown>[] }>(`${a.url}/.well-known/jwks.json`);
    expect(reply.status).toBe(200);
    expect(reply.body.keys).toHaveLength(1);
    expect(reply.body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(reply.body.keys[0]!['d']).toBeUndefined();
    const maxAge = Number(/max-age=(\d+)/.exec(reply.headers.get('cache-control') ?? '')?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThan(LEAD_SEC);
    expect(await jwks(b)).toEqual(reply.body.keys);
  });

  it('stores private keys encrypted', async () => {
    const rows = await query<{ private_key_encrypted: string }>(
      'SELECT private_key_encrypted FROM auth_signing_keys',
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.private_key_encrypted).toMatch(/^v1\./);
      expect(row.private_key_encrypted).not.toContain('PRIVATE KEY');
    }
  });

  it('serves RFC 8414 metadata', async () => {
    const { status, body } = await getJson(`${a.url}/.well-known/oauth-authorization-server`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      issuer: ISSUER,
      token_endpoint: `${ISSUER}/oauth/token`,
      jwks_uri: `${ISSUER}/.well-known/jwks.json`,
      introspection_endpoint: `${ISSUER}/oauth/introspect`,
      revocation_endpoint: `${ISSUER}/oauth/revoke`,
      grant_types_supported: ['password', 'client_credentials', 'refresh_token'],
    });
  });

  it('admin rotation requires an admin access token', async () => {
    const url = `${a.url}/admin/keys/rotate`;
    expect((await fetch(url, { method: 'POST' })).status).toBe(401);
    expect(
      (await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${await userToken(ALICE)}` } }))
        .status,
    ).toBe(403);
    expect((await fetch(url, { method: 'POST', headers: { authorization: 'Bearer junk' } })).status).toBe(
      401,
    );
  });

  it('rotation: the new key is published before it signs; old tokens stay valid; replicas agree', async () => {
    const oldToken = (firstToken = await serviceToken(a));
    const oldKid = decodeProtectedHeader(oldToken).kid;
    const rotated = await fetch(`${a.url}/admin/keys/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await userToken(ROOT)}` },
    });
    expect(rotated.status).toBe(201);
    const { kid: newKid } = (await rotated.json()) as { kid: string };
    expect(newKid).not.toBe(oldKid);

    // Published at once on this replica; the other replica has it within its reload interval.
    expect((await jwks(a)).map((k) => k['kid'])).toEqual(expect.arrayContaining([oldKid, newKid]));
    await sleep(1100);
    expect((await jwks(b)).map((k) => k['kid'])).toEqual(expect.arrayContaining([oldKid, newKid]));
    // ...but does not sign yet.
    expect(decodeProtectedHeader(await serviceToken(a)).kid).toBe(oldKid);

    await sleep(LEAD_SEC * 1000);
    const newToken = await serviceToken(a);
    expect(decodeProtectedHeader(newToken).kid).toBe(newKid);
    expect(decodeProtectedHeader(await serviceToken(b)).kid).toBe(newKid);
    // Both verify against either replica's JWKS.
    await expect(verifyRemote(b, oldToken)).resolves.toBeDefined();
    await expect(verifyRemote(a, newToken)).resolves.toBeDefined();

    // The old key retires when every token it could have signed has expired.
    const [row] = await query<{ retires: string; activates: string }>(
      `SELECT (SELECT extract(epoch FROM retires_at) FROM auth_signing_keys WHERE kid = $1) AS retires,
              (SELECT extract(epoch FROM activates_at) FROM auth_signing_keys WHERE kid = $2) AS activates`,
      [oldKid, newKid],
    );
    const maxLifetime = Math.max(a.config.accessTokenTtlSec, a.config.refreshTokenTtlSec);
    expect(Math.round(Number(row!.retires) - Number(row!.activates))).toBe(maxLifetime);
  });

  it('a retired key leaves the JWKS and its tokens are refused', async () => {
    const oldKid = decodeProtectedHeader(firstToken).kid;
    await query(`UPDATE auth_signing_keys SET retires_at = now() - interval '1 second' WHERE kid = $1`, [
      oldKid,
    ]);
    await sleep(1100);
    expect((await jwks(a)).map((k) => k['kid'])).not.toContain(oldKid);
    expect((await jwks(b)).map((k) => k['kid'])).not.toContain(oldKid);
    await expect(verifyRemote(a, firstToken)).rejects.toThrow();
  });

  it('two replicas due for rotation at once add exactly one key (advisory lock)', async () => {
    await query(`UPDATE auth_signing_keys SET created_at = created_at - interval '2 hours'`);
    const before = (await query('SELECT kid FROM auth_signing_keys')).length;
    const results = await Promise.all([
      a.app.get(KeyRotation).rotateIfDue(),
      b.app.get(KeyRotation).rotateIfDue(),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await query('SELECT kid FROM auth_signing_keys')).length).toBe(before + 1);
  });

  const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    queryDatabase<T>(world.db.url, sql, params);
});
