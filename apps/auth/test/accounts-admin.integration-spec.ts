import { generateKeyPairSync } from 'node:crypto';
import { ALICE, ROOT, WEB } from './support/fixtures';
import { basic, getJson, postForm, postJson, type Reply } from './support/http';
import {
  type AuthTestEnv,
  createAuthTestEnv,
  type RunningAuthApp,
  startAuthApp,
} from './support/auth-test-app';

async function send(
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Reply> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

const claims = (jwt: unknown) =>
  JSON.parse(Buffer.from(String(jwt).split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

describe('admin API (/admin/users, /admin/clients)', () => {
  let env: AuthTestEnv;
  let auth: RunningAuthApp;
  let admin: Record<string, string>;
  const web = { authorization: basic(WEB.id, WEB.secret) };
  const passwordGrant = (username: string, password: string) =>
    postForm(`${auth.url}/oauth/token`, { grant_type: 'password', username, password }, web);
  const clientGrant = (id: string, secret: string) =>
    postForm(
      `${auth.url}/oauth/token`,
      { grant_type: 'client_credentials' },
      { authorization: basic(id, secret) },
    );

  beforeAll(async () => {
    env = await createAuthTestEnv('accounts_admin');
    auth = await startAuthApp(env.env);
    admin = {
      authorization: `Bearer ${String((await passwordGrant(ROOT.username, ROOT.password)).body['access_token'])}`,
    };
  });

  afterAll(async () => {
    await auth?.close();
    await env?.dispose();
  });

  it('refuses callers without an admin access token (401 without, 403 for a non-admin)', async () => {
    const user = {
      authorization: `Bearer ${String((await passwordGrant(ALICE.username, ALICE.password)).body['access_token'])}`,
    };
    const body = { username: 'mallory', password: 'pw-123456' };
    expect((await postJson(`${auth.url}/admin/users`, body)).status).toBe(401);
    expect(
      (await postJson(`${auth.url}/admin/users`, body, { authorization: 'Bearer not.a.token' })).status,
    ).toBe(401);
    const forbidden = await postJson(`${auth.url}/admin/users`, body, user);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body['error']).toBe('insufficient_scope');
    expect((await getJson(`${auth.url}/admin/clients/web`, user)).status).toBe(403);
    expect((await getJson(`${auth.url}/admin/users/mallory`, admin)).status).toBe(404);
  });

  it('creates a user who can sign in; disabling refuses the sign-in; roles reach the token', async () => {
    const publicKey = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!;
    const created = await postJson(
      `${auth.url}/admin/users`,
      { username: 'bob', password: 'bob-password-1', roles: ['user'], publicKeys: [publicKey] },
      admin,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: 'bob',
      roles: ['user'],
      disabled: false,
      hasPassword: true,
    });
    expect(JSON.stringify(created.body)).not.toContain('bob-password-1');
    expect(
      (await postJson(`${auth.url}/admin/users`, { username: 'bob', password: 'x' }, admin)).status,
    ).toBe(409);

    expect((await passwordGrant('bob', 'bob-password-1')).status).toBe(200);
    expect((await postJson(`${auth.url}/admin/users/bob/disable`, {}, admin)).body).toMatchObject({
      disabled: true,
    });
    const refused = await passwordGrant('bob', 'bob-password-1');
    expect(refused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    await postJson(`${auth.url}/admin/users/bob/enable`, {}, admin);

    const roles = await send('PUT', `${auth.url}/admin/users/bob/roles`, admin, {
      roles: ['user', 'auditor'],
    });
    expect(roles.body).toMatchObject({ roles: ['user', 'auditor'] });
    const token = await passwordGrant('bob', 'bob-password-1');
    expect(claims(token.body['access_token'])['roles']).toEqual(['user', 'auditor']);
  });

  it('registers and removes user public keys', async () => {
    const pem = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const added = await postJson(`${auth.url}/admin/users/${ALICE.username}/keys`, { publicKey: pem }, admin);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      algorithm: 'Ed25519',
      publicKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(
      (await postJson(`${auth.url}/admin/users/${ALICE.username}/keys`, { publicKey: pem }, admin)).status,
    ).toBe(409);
    const listed = await getJson<{ publicKeys: { id: string }[] }>(
      `${auth.url}/admin/users/${ALICE.username}`,
      admin,
    );
    expect(listed.body.publicKeys.map((k) => k.id)).toEqual([added.body['id']]);
    const path = `${auth.url}/admin/users/${ALICE.username}/keys/${String(added.body['id'])}`;
    expect((await send('DELETE', path, admin)).status).toBe(204);
    expect((await send('DELETE', path, admin)).status).toBe(404);
    expect(
      (await send('DELETE', `${auth.url}/admin/users/${ALICE.username}/keys/not-a-uuid`, admin)).status,
    ).toBe(404);
  });

  it('creates a client with a server-generated secret shown once; a disabled client gets no tokens', async () => {
    const created = await postJson(
      `${auth.url}/admin/clients`,
      { clientId: 'svc-new', grants: ['client_credentials'], scopes: ['n:read'], roles: ['service'] },
      admin,
    );
    expect(created.status).toBe(201);
    const secret = String(created.body['clientSecret']);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(created.body).toMatchObject({
      clientId: 'svc-new',
      grants: ['client_credentials'],
      hasSecret: true,
      disabled: false,
    });
    const shown = await getJson(`${auth.url}/admin/clients/svc-new`, admin);
    expect(shown.body['clientSecret']).toBeUndefined();
    expect(
      (
        await postJson(
          `${auth.url}/admin/clients`,
          { clientId: 'svc-new', grants: ['client_credentials'] },
          admin,
        )
      ).status,
    ).toBe(409);

    expect((await clientGrant('svc-new', secret)).status).toBe(200);
    await postJson(`${auth.url}/admin/clients/svc-new/disable`, {}, admin);
    expect(await clientGrant('svc-new', secret)).toMatchObject({
      status: 401,
      body: { error: 'invalid_client' },
    });
    await postJson(`${auth.url}/admin/clients/svc-new/enable`, {}, admin);

    const patched = await send('PATCH', `${auth.url}/admin/clients/svc-new`, admin, {
      scopes: ['n:read', 'n:write'],
      roles: ['service', 'batch'],
    });
    expect(patched.body).toMatchObject({ scopes: ['n:read', 'n:write'], roles: ['service', 'batch'] });
    const token = await clientGrant('svc-new', secret);
    expect(claims(token.body['access_token'])['roles']).toEqual(['service', 'batch']);

    const rotated = await postJson(`${auth.url}/admin/clients/svc-new/secret`, {}, admin);
    expect((await clientGrant('svc-new', secret)).status).toBe(401);
    expect((await clientGrant('svc-new', String(rotated.body['clientSecret']))).status).toBe(200);
  });

  it('answers bad bodies with a clear 400 and never half-creates anything', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['users', { username: 'has space', password: 'x' }, /username/],
      ['users', { username: 'carol', roles: 'admin' }, /roles/],
      ['users', { username: 'carol', publicKeys: ['junk'] }, /publicKeys\.0/],
      ['users', { username: 'carol', extra: true }, /extra/],
      ['clients', { clientId: 'c1', grants: [] }, /grants/],
      ['clients', { clientId: 'c1', grants: ['implicit'] }, /grants/],
      ['clients', { clientId: 'c1', grants: ['client_credentials'], scopes: ['bad scope'] }, /scopes/],
    ];
    for (const [what, body, detail] of cases) {
      const reply = await postJson(`${auth.url}/admin/${what}`, body, admin);
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(reply.body).toMatchObject({ status: 400, code: 'invalid_request' });
      expect(String(reply.body['detail'])).toMatch(detail);
    }
    expect((await getJson(`${auth.url}/admin/users/carol`, admin)).status).toBe(404);
    expect((await getJson(`${auth.url}/admin/clients/c1`, admin)).status).toBe(404);
    expect((await send('PATCH', `${auth.url}/admin/clients/web`, admin, {})).status).toBe(400);
  });
});
