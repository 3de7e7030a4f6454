import { createHash, generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Client } from 'pg';
import { BootstrapService, parseBootstrapFile } from '../src/accounts';
import { ALICE, ROOT, SVC_A, TEST_BOOTSTRAP, WEB } from './support/fixtures';
import { basic, postForm } from './support/http';
import {
  type AuthTestEnv,
  createAuthTestEnv,
  type RunningAuthApp,
  startAuthApp,
} from './support/auth-test-app';

jest.setTimeout(30_000);

describe('bootstrap file (AUTH_BOOTSTRAP_FILE) merged into PostgreSQL', () => {
  let env: AuthTestEnv;
  let auth: RunningAuthApp | undefined;
  let db: Client;
  const file = () => env.env['AUTH_BOOTSTRAP_FILE']!;
  const count = async (table: string) =>
    Number((await db.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
  const counts = async () => ({
    users: await count('users'),
    clients: await count('clients'),
    keys: await count('user_public_keys'),
  });
  const row = async (sql: string, ...params: unknown[]) =>
    (await db.query(sql, params)).rows[0] as Record<string, unknown>;
  const restart = async (extra: Record<string, string> = {}) => {
    await auth?.close();
    auth = await startAuthApp({ ...env.env, ...extra });
  };

  beforeAll(async () => {
    env = await createAuthTestEnv('accounts_bootstrap');
    auth = await startAuthApp(env.env);
    db = new Client({ connectionString: env.db.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await auth?.close();
    await env?.dispose();
  });

  it('loads users and clients at start, hashing plaintext (argon2id) and recording the kind', async () => {
    expect(await counts()).toEqual({
      users: TEST_BOOTSTRAP.users.length,
      clients: TEST_BOOTSTRAP.clients.length,
      keys: 0,
    });
    expect(await row(`SELECT password_hash FROM users WHERE username = $1`, ALICE.username)).toEqual({
      password_hash: expect.stringMatching(/^\$argon2id\$/),
    });
    expect(await row(`SELECT secret_hash_kind FROM clients WHERE client_id = $1`, SVC_A.id)).toEqual({
      secret_hash_kind: 'argon2id',
    });
    expect(await row(`SELECT secret_hash, secret_hash_kind FROM clients WHERE client_id = 'spa'`)).toEqual({
      secret_hash: null,
      secret_hash_kind: null,
    });
  });

  it('applying twice, in parallel, and restarting changes nothing and re-hashes nothing', async () => {
    const before = await row(
      `SELECT password_hash, updated_at FROM users WHERE username = $1`,
      ALICE.username,
    );
    const service = auth!.app.get(BootstrapService);
    const parsed = parseBootstrapFile(JSON.stringify(TEST_BOOTSTRAP));
    await Promise.all([service.apply(parsed, 'overwrite'), service.apply(parsed, 'overwrite')]);
    await restart({ AUTH_BOOTSTRAP_MODE: 'overwrite' });
    expect(await counts()).toEqual({
      users: TEST_BOOTSTRAP.users.length,
      clients: TEST_BOOTSTRAP.clients.length,
      keys: 0,
    });
    expect(
      await row(`SELECT password_hash, updated_at FROM users WHERE username = $1`, ALICE.username),
    ).toEqual(before);
  });

  it('by default creates what is missing and never changes what the admin API changed', async () => {
    const login = await postForm(
      `${auth!.url}/oauth/token`,
      { grant_type: 'password', username: ROOT.username, password: ROOT.password },
      { authorization: basic(WEB.id, WEB.secret) },
    );
    const admin = String(login.body['access_token']);
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${auth!.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    expect(
      (await call('PUT', `/admin/users/${ALICE.username}/roles`, { roles: ['user', 'auditor'] })).status,
    ).toBe(200);
    const rotated = (await (await call('POST', `/admin/clients/${SVC_A.id}/secret`)).json()) as {
      clientSecret: string;
    };
    expect((await call('POST', `/admin/clients/${WEB.id}/disable`)).status).toBe(200);
    writeFileSync(
      file(),
      JSON.stringify({
        ...TEST_BOOTSTRAP,
        users: [...TEST_BOOTSTRAP.users, { username: 'gina', password: 'gina-password-1' }],
      }),
    );

    await restart();

    expect(await row(`SELECT roles FROM users WHERE username = $1`, ALICE.username)).toEqual({
      roles: ['user', 'auditor'],
    });
    expect(await row(`SELECT disabled FROM clients WHERE client_id = $1`, WEB.id)).toEqual({
      disabled: true,
    });
    const token = (authorization: string) =>
      postForm(`${auth!.url}/oauth/token`, { grant_type: 'client_credentials' }, { authorization });
    expect((await token(basic(SVC_A.id, rotated.clientSecret))).status).toBe(200);
    expect((await token(basic(SVC_A.id, SVC_A.secret))).status).toBe(401);
    expect(await row(`SELECT count(*)::int AS n FROM users WHERE username = 'gina'`)).toEqual({ n: 1 });

    // Put back what this test changed, through the file the operator re-applies on purpose.
    writeFileSync(file(), JSON.stringify(TEST_BOOTSTRAP));
    await restart({ AUTH_BOOTSTRAP_MODE: 'overwrite' });
    await db.query(`DELETE FROM users WHERE username = 'gina'`);
    expect((await call('POST', `/admin/clients/${WEB.id}/enable`)).status).toBe(200);
    expect(await row(`SELECT roles FROM users WHERE username = $1`, ALICE.username)).toEqual({
      roles: ['user'],
    });
  });

  it('in overwrite mode updates roles, grants, scopes and keys of existing entries, never duplicating', async () => {
    const publicKey = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!;
    const sha = createHash('sha256').update('carol-service-secret').digest('hex');
    const changed = {
      users: [
        { ...TEST_BOOTSTRAP.users[0], roles: ['user', 'editor'], publicKeys: [publicKey] },
        { ...TEST_BOOTSTRAP.users[1], password: 'root-password-2' },
        {
          username: 'dave',
          passwordHash: (await row(`SELECT password_hash FROM users WHERE username = $1`, ALICE.username))[
            'password_hash'
          ],
        },
      ],
      clients: [
        { ...TEST_BOOTSTRAP.clients[0], scopes: ['a:read'], roles: ['service', 'reader'] },
        ...TEST_BOOTSTRAP.clients.slice(1),
        { clientId: 'carol', clientSecretHash: sha, grants: ['client_credentials'] },
      ],
    };
    writeFileSync(file(), JSON.stringify(changed));
    await restart({ AUTH_BOOTSTRAP_MODE: 'overwrite' });
    await restart({ AUTH_BOOTSTRAP_MODE: 'overwrite' });
    expect(await counts()).toEqual({ users: 3, clients: TEST_BOOTSTRAP.clients.length + 1, keys: 1 });
    expect(await row(`SELECT roles FROM users WHERE username = $1`, ALICE.username)).toEqual({
      roles: ['user', 'editor'],
    });
    expect(await row(`SELECT scopes, roles FROM clients WHERE client_id = $1`, SVC_A.id)).toEqual({
      scopes: ['a:read'],
      roles: ['service', 'reader'],
    });

    const token = (form: Record<string, string>, authorization: string) =>
      postForm(`${auth!.url}/oauth/token`, form, { authorization });
    const web = basic(WEB.id, WEB.secret);
    expect(
      (await token({ grant_type: 'password', username: 'root', password: 'root-password-2' }, web)).status,
    ).toBe(200);
    expect(
      (await token({ grant_type: 'password', username: 'root', password: 'root-password-1' }, web)).status,
    ).toBe(400);
    expect(
      (await token({ grant_type: 'password', username: 'dave', password: ALICE.password }, web)).status,
    ).toBe(200);
    expect(
      (await token({ grant_type: 'client_credentials' }, basic('carol', 'carol-service-secret'))).status,
    ).toBe(200);
    expect(await row(`SELECT secret_hash_kind FROM clients WHERE client_id = 'carol'`)).toEqual({
      secret_hash_kind: 'sha256',
    });
  });

  it('refuses to start on a bad file, naming the entry, and writes nothing', async () => {
    const before = await counts();
    writeFileSync(
      file(),
      JSON.stringify({
        users: [
          { username: 'erin', password: 'x' },
          { username: 'frank', roles: ['bad role'] },
        ],
      }),
    );
    await auth!.close();
    auth = undefined;
    await expect(startAuthApp(env.env)).rejects.toThrow(/users\[1\] \("frank"\)\.roles\[0\]/);
    expect(await counts()).toEqual(before);
    expect(await row(`SELECT count(*)::int AS n FROM users WHERE username = 'erin'`)).toEqual({ n: 0 });
  });
});
