import { backoffKey } from '../src/accounts/throttling/login-backoff.service';
import { Client } from 'pg';
import { ALICE, ROOT, SVC_A, SVC_B, WEB } from './support/fixtures';
import { basic, postForm, postJson } from './support/http';
import {
  type AuthTestEnv,
  createAuthTestEnv,
  type RunningAuthApp,
  startAuthApp,
} from './support/auth-test-app';

jest.setTimeout(30_000);

const TTL_MS = 2000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Two replicas on one database, each with its own client-authentication cache: a change made
 * through one replica holds there at once and on the other within AUTH_CLIENT_CACHE_TTL_MS.
 */
describe('client authentication cache across replicas', () => {
  let env: AuthTestEnv;
  let a: RunningAuthApp;
  let b: RunningAuthApp;
  let db: Client;
  let admin: Record<string, string>;
  const clientGrant = (app: RunningAuthApp, id: string, secret: string) =>
    postForm(
      `${app.url}/oauth/token`,
      { grant_type: 'client_credentials' },
      { authorization: basic(id, secret) },
    );
  const passwordGrant = (app: RunningAuthApp, username: string, password: string) =>
    postForm(
      `${app.url}/oauth/token`,
      { grant_type: 'password', username, password },
      { authorization: basic(WEB.id, WEB.secret) },
    );

  beforeAll(async () => {
    env = await createAuthTestEnv('client_cache', { AUTH_CLIENT_CACHE_TTL_MS: String(TTL_MS) });
    a = await startAuthApp(env.env);
    b = await startAuthApp(env.env);
    db = new Client({ connectionString: env.db.url });
    await db.connect();
    admin = {
      authorization: `Bearer ${String((await passwordGrant(a, ROOT.username, ROOT.password)).body['access_token'])}`,
    };
  });

  afterAll(async () => {
    await db?.end();
    await b?.close();
    await a?.close();
    await env?.dispose();
  });

  it('a client disabled on one replica is refused there at once, and on the other within the TTL', async () => {
    expect((await clientGrant(a, SVC_B.id, SVC_B.secret)).status).toBe(200);
    expect((await clientGrant(b, SVC_B.id, SVC_B.secret)).status).toBe(200);
    const disabledAt = Date.now();
    expect((await postJson(`${a.url}/admin/clients/${SVC_B.id}/disable`, {}, admin)).status).toBe(200);
    expect(await clientGrant(a, SVC_B.id, SVC_B.secret)).toMatchObject({
      status: 401,
      body: { error: 'invalid_client' },
    });

    // Replica b read the client before the change: it may answer from memory until its entry expires.
    await sleep(Math.max(0, disabledAt + TTL_MS + 100 - Date.now()));
    expect(await clientGrant(b, SVC_B.id, SVC_B.secret)).toMatchObject({
      status: 401,
      body: { error: 'invalid_client' },
    });
    await postJson(`${a.url}/admin/clients/${SVC_B.id}/enable`, {}, admin);
  });

  it('never answers a wrong secret from the cache, and counts it in the shared table', async () => {
    expect((await clientGrant(b, SVC_A.id, SVC_A.secret)).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      expect(await clientGrant(b, SVC_A.id, `${SVC_A.secret}x`)).toMatchObject({
        status: 401,
        body: { error: 'invalid_client' },
      });
    }
    // Backoff is per client and address; every request here comes from 127.0.0.1.
    const key = backoffKey('client', SVC_A.id, '127.0.0.1');
    const { rows } = await db.query<{ failures: number }>(
      'SELECT "failures" FROM "login_failures" WHERE "key" = $1',
      [key],
    );
    expect(rows[0]?.failures).toBe(2);
    // The right secret still works, read afresh; the success clears the counter for every replica.
    expect((await clientGrant(a, SVC_A.id, SVC_A.secret)).status).toBe(200);
    expect((await db.query('SELECT 1 FROM "login_failures" WHERE "key" = $1', [key])).rowCount).toBe(0);
  });

  it('a refresh re-reads the user in the rotating statement: disabling on one replica ends the family on the other', async () => {
    const first = await passwordGrant(b, ALICE.username, ALICE.password);
    expect(first.status).toBe(200);
    const refresh = (app: RunningAuthApp, token: unknown) =>
      postForm(
        `${app.url}/oauth/token`,
        { grant_type: 'refresh_token', refresh_token: String(token) },
        { authorization: basic(WEB.id, WEB.secret) },
      );
    const second = await refresh(b, first.body['refresh_token']);
    expect(second.status).toBe(200);

    await postJson(`${a.url}/admin/users/${ALICE.username}/disable`, {}, admin);
    expect(await refresh(b, second.body['refresh_token'])).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    await postJson(`${a.url}/admin/users/${ALICE.username}/enable`, {}, admin);
    // The family was revoked, not just the one request refused.
    const { rows } = await db.query<{ live: string }>(
      `SELECT count(*) AS live FROM "auth_refresh_tokens" WHERE "subject" = $1 AND "revoked_at" IS NULL AND "consumed_at" IS NULL`,
      [ALICE.username],
    );
    expect(Number(rows[0]?.live)).toBe(0);
  });
});
