import { until } from '@gatehouse/testing';
import { ALICE, ROOT, SVC_A, SVC_B, WEB } from './support/fixtures';
import { basic, getJson, postForm, postJson, type Reply } from './support/http';
import {
  type AuthTestEnv,
  createAuthTestEnv,
  type RunningAuthApp,
  startAuthApp,
} from './support/auth-test-app';

describe('revocation feed: GET /oauth/revocations and the admin guard', () => {
  let world: AuthTestEnv;
  let auth: RunningAuthApp;
  const web = { authorization: basic(WEB.id, WEB.secret) };
  const svcB = { authorization: basic(SVC_B.id, SVC_B.secret) };
  const feed = (headers: Record<string, string> = svcB) => getJson(`${auth.url}/oauth/revocations`, headers);
  const password = async (username: string, pw: string) =>
    (await postForm(`${auth.url}/oauth/token`, { grant_type: 'password', username, password: pw }, web)).body[
      'access_token'
    ] as string;
  const adminCall = (token: string): Promise<Reply> =>
    getJson(`${auth.url}/admin/users/${ALICE.username}`, { authorization: `Bearer ${token}` });

  beforeAll(async () => {
    world = await createAuthTestEnv('auth_revocations', { AUTH_REVOCATION_POLL_MS: '100' });
    auth = await startAuthApp(world.env);
  });
  afterAll(async () => {
    await auth?.close();
    await world?.dispose();
  });

  it('needs a confidential client, lists what is revoked, and answers 304 to the current ETag', async () => {
    expect((await feed({})).status).toBe(401);
    const first = await feed();
    expect(first).toMatchObject({ status: 200, body: { jti: [], users: [], clients: [] } });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const again = await fetch(`${auth.url}/oauth/revocations`, {
      headers: { ...svcB, 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    const token = await password(ALICE.username, ALICE.password);
    expect((await postForm(`${auth.url}/oauth/revoke`, { token }, web)).status).toBe(200);
    const admin = await password(ROOT.username, ROOT.password);
    await postJson(`${auth.url}/admin/clients/${SVC_A.id}/disable`, {}, { authorization: `Bearer ${admin}` });
    const jti = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string })
      .jti;
    const changed = await fetch(`${auth.url}/oauth/revocations`, {
      headers: { ...svcB, 'if-none-match': etag },
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual({ jti: [jti], users: [], clients: [SVC_A.id] });
    await postJson(`${auth.url}/admin/clients/${SVC_A.id}/enable`, {}, { authorization: `Bearer ${admin}` });
  });

  it("auth's admin guard refuses a revoked token and a disabled user's token within the poll interval", async () => {
    const revoked = await password(ROOT.username, ROOT.password);
    const kept = await password(ROOT.username, ROOT.password);
    expect((await adminCall(revoked)).status).toBe(200);
    expect((await postForm(`${auth.url}/oauth/revoke`, { token: revoked }, web)).status).toBe(200);
    await until(async () => (await adminCall(revoked)).status === 401, 'the revoked token is refused');
    expect((await adminCall(kept)).status).toBe(200);

    // Disabling revokes by subject: every token of the user, without knowing their jti.
    const other = await password(ROOT.username, ROOT.password);
    expect(
      (
        await postJson(
          `${auth.url}/admin/users/${ROOT.username}/disable`,
          {},
          { authorization: `Bearer ${kept}` },
        )
      ).status,
    ).toBe(200);
    await until(
      async () => (await adminCall(other)).status === 401,
      "the disabled user's tokens are refused",
    );
    expect((await adminCall(kept)).body).toMatchObject({ error: 'invalid_token' });
  });
});
