import { ALICE, SVC_A, WEB } from './support/fixtures';
import { queryDatabase } from './support/database';
import { basic, postForm } from './support/http';
import {
  type AuthTestEnv,
  createAuthTestEnv,
  type RunningAuthApp,
  startAuthApp,
} from './support/auth-test-app';

describe('refresh token rotation', () => {
  let world: AuthTestEnv;
  let auth: RunningAuthApp;
  const web = { authorization: basic(WEB.id, WEB.secret) };
  const svcA = { authorization: basic(SVC_A.id, SVC_A.secret) };

  beforeAll(async () => {
    world = await createAuthTestEnv('auth_refresh', { AUTH_DB_POOL_SIZE: '20' });
    auth = await startAuthApp(world.env);
  });
  afterAll(async () => {
    await auth?.close();
    await world?.dispose();
  });

  const token = (params: Record<string, string>, headers = web) =>
    postForm(`${auth.url}/oauth/token`, params, headers);
  const login = async () =>
    (await token({ grant_type: 'password', username: ALICE.username, password: ALICE.password })).body[
      'refresh_token'
    ] as string;
  const refresh = (refreshToken: string, headers = web) =>
    token({ grant_type: 'refresh_token', refresh_token: refreshToken }, headers);

  it('every use returns a new refresh token; the used one is spent', async () => {
    const first = await login();
    const second = await refresh(first);
    expect(second.status).toBe(200);
    const third = await refresh(second.body['refresh_token'] as string);
    expect(third.status).toBe(200);
    expect(new Set([first, second.body['refresh_token'], third.body['refresh_token']]).size).toBe(3);
  });

  it('50 concurrent uses of one token: exactly one success', async () => {
    const start = await login();
    const replies = await Promise.all(Array.from({ length: 50 }, () => refresh(start)));
    const ok = replies.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    expect(replies.filter((r) => r.status === 400 && r.body['error'] === 'invalid_grant')).toHaveLength(49);
    expect(replies.every((r) => r.status === 200 || r.status === 400)).toBe(true);
    // The losers were reuse: no grace window, so the family (and the winner's child) is revoked.
    expect((await refresh(ok[0]!.body['refresh_token'] as string)).body['error']).toBe('invalid_grant');
    const rows = await query<{
      n: string;
    }>(`SELECT count(*) AS n FROM auth_refresh_tokens WHERE parent_hash IS NOT NULL AND family_id =
      (SELECT family_id FROM auth_refresh_tokens ORDER BY created_at DESC LIMIT 1)`);
    expect(rows[0]!.n).toBe('1');
  });

  it('reuse of a consumed token revokes the whole family', async () => {
    const first = await login();
    const second = (await refresh(first)).body['refresh_token'] as string;
    const third = (await refresh(second)).body['refresh_token'] as string;
    const reuse = await refresh(first);
    expect(reuse.status).toBe(400);
    expect(reuse.body['error']).toBe('invalid_grant');
    expect((await refresh(third)).body['error']).toBe('invalid_grant');
    // Another family of the same user is untouched.
    expect((await refresh(await login())).status).toBe(200);
  });

  it('idle lifetime: an expired refresh token is refused; absolute lifetime caps the family', async () => {
    const stale = await login();
    await query(
      `UPDATE auth_refresh_tokens SET expires_at = now() - interval '1 second' WHERE consumed_at IS NULL AND revoked_at IS NULL`,
    );
    expect((await refresh(stale)).body['error']).toBe('invalid_grant');
    const capped = await login();
    await query(
      `UPDATE auth_refresh_tokens SET family_expires_at = now() - interval '1 second' WHERE consumed_at IS NULL AND revoked_at IS NULL`,
    );
    expect((await refresh(capped)).body['error']).toBe('invalid_grant');
  });

  it('only hashes are stored, never the tokens', async () => {
    const stored = await login();
    const rows = await query<{ hash: string }>('SELECT hash FROM auth_refresh_tokens');
    expect(rows.some((r) => r.hash === stored)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash))).toBe(true);
  });

  it('data survives a restart: the old refresh token works on a new app over the same database', async () => {
    const before = (await token({ grant_type: 'client_credentials' }, svcA)).body['refresh_token'] as string;
    const userBefore = await login();
    await auth.close();
    auth = await startAuthApp(world.env);
    expect((await refresh(before, svcA)).status).toBe(200);
    expect((await refresh(userBefore)).status).toBe(200);
  });

  const query = <T>(sql: string) => queryDatabase<T>(world.db.url, sql);
});
