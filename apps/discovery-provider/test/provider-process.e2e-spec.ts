import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import {
  type AppProcess,
  createTestDatabase,
  freePort,
  RawService,
  startAppProcess,
  type TestDatabase,
  until,
} from '@gatehouse/testing';

jest.setTimeout(90_000);

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/apps/discovery-provider/src/cli.js');
const OPERATOR = { id: 'operator', secret: randomBytes(32).toString('base64url') };
const READER = { id: 'reader', secret: randomBytes(32).toString('base64url') };

/**
 * The built apps as real processes (`npm run build` first): the auth service issues the admin
 * tokens, the provider is SIGKILLed and restarted on its database, and the operator CLI is run
 * as an operator would run it.
 */
describe('discovery provider as a process, with the real auth service', () => {
  let authDb: TestDatabase;
  let providerDb: TestDatabase;
  let auth: AppProcess;
  let provider: AppProcess;
  let providerPort: number;
  let admin: string;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'discovery-e2e-'));
  const services: RawService[] = [];

  const startProvider = async (): Promise<AppProcess> =>
    startAppProcess({
      app: 'discovery-provider',
      port: providerPort,
      env: {
        DISCOVERY_HOST: '127.0.0.1',
        DISCOVERY_PORT: String(providerPort),
        DISCOVERY_PUBLIC_URL: `http://127.0.0.1:${providerPort}`,
        DATABASE_URL: providerDb.url,
        DISCOVERY_AUTH_JWKS_URL: `${auth.url}/.well-known/jwks.json`,
        DISCOVERY_AUTH_ISSUER: auth.url,
        DISCOVERY_AUTH_AUDIENCE: 'discovery-provider',
        DISCOVERY_KEY_ENCRYPTION_KEY: KEY_ENCRYPTION_KEY,
        GATEHOUSE_DATA_DIR: dir,
        DISCOVERY_ALLOW_LOOPBACK: 'true',
        DISCOVERY_CONFIRM_TIMEOUT_MS: '2000',
        DISCOVERY_PUSH_TIMEOUT_MS: '2000',
        DISCOVERY_DELIVERY_POLL_MS: '100',
        DISCOVERY_RETRY_BASE_MS: '300',
        DISCOVERY_RETRY_MAX_MS: '1000',
        DISCOVERY_PING_INTERVAL_MS: '60000',
        DISCOVERY_TTL_MS: '600000',
        DISCOVERY_ROTATION_INTERVAL_MS: '0',
        DISCOVERY_DB_POOL_SIZE: '4',
        LOG_LEVEL: 'warn',
      },
    });
  const KEY_ENCRYPTION_KEY = randomBytes(32).toString('base64');

  const tokenOf = async (client: { id: string; secret: string }): Promise<string> => {
    const res = await fetch(`${auth.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client.id,
        client_secret: client.secret,
      }),
    });
    const body = (await res.json()) as { access_token?: string };
    if (!body.access_token)
      throw new Error(`auth refused ${client.id}: ${res.status} ${JSON.stringify(body)}`);
    return body.access_token;
  };
  const adminApi = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${provider.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${admin}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return {
      status: res.status,
      body: (await res.json()) as Record<string, unknown> & Record<string, unknown>[],
    };
  };
  const operatorEnv = () => ({
    PATH: process.env['PATH'] ?? '',
    DISCOVERY_URL: provider.url,
    AUTH_URL: auth.url,
    DISCOVERY_ADMIN_CLIENT_ID: OPERATOR.id,
    DISCOVERY_ADMIN_CLIENT_SECRET: OPERATOR.secret,
  });
  const cli = (...args: string[]) => run(process.execPath, [CLI, ...args], { env: operatorEnv() });
  /** The built `gatehouse` command run as a program (its #! line), whatever its exit status. */
  const gatehouse = async (args: string[], env: Record<string, string> = operatorEnv()) => {
    try {
      const { stdout, stderr } = await run(CLI, args, { env });
      return { status: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };
  const outboxRows = async (): Promise<{ attempts: number }[]> => {
    const client = new Client({ connectionString: providerDb.url });
    await client.connect();
    try {
      return (await client.query('SELECT attempts FROM discovery_outbox')).rows as { attempts: number }[];
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    [authDb, providerDb] = await Promise.all([
      createTestDatabase('discovery_e2e_auth'),
      createTestDatabase('discovery_e2e'),
    ]);
    const bootstrap = path.join(dir, 'auth-bootstrap.json');
    const client = (c: { id: string; secret: string }, roles: string[]) => ({
      clientId: c.id,
      clientSecret: c.secret,
      grants: ['client_credentials'],
      scopes: [],
      roles,
    });
    writeFileSync(
      bootstrap,
      JSON.stringify({ users: [], clients: [client(OPERATOR, ['admin']), client(READER, ['service'])] }),
      { mode: 0o600 },
    );
    const authPort = await freePort();
    const authUrl = `http://127.0.0.1:${authPort}`;
    auth = await startAppProcess({
      app: 'auth',
      port: authPort,
      env: {
        AUTH_PORT: String(authPort),
        AUTH_HOST: '127.0.0.1',
        AUTH_ISSUER: authUrl,
        AUTH_AUDIENCE: `${authUrl},discovery-provider`,
        DATABASE_URL: authDb.url,
        AUTH_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        AUTH_BOOTSTRAP_FILE: bootstrap,
        LOG_LEVEL: 'warn',
      },
    });
    providerPort = await freePort();
    provider = await startProvider();
    admin = await tokenOf(OPERATOR);
  }, 90_000);

  afterAll(async () => {
    await provider?.stop();
    await auth?.stop();
    await Promise.all(services.map((s) => s.stop()));
    await Promise.all([authDb?.drop(), providerDb?.drop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts admin tokens of the auth service: issue, list, revoke, explorer; refuses a non-admin client', async () => {
    const issued = await adminApi('POST', '/admin/configuration-tokens', {
      name: 'geo',
      permissions: ['auth'],
      expiresIn: 3600,
    });
    expect(issued).toMatchObject({
      status: 201,
      body: { jti: expect.any(String), name: 'geo', permissions: ['auth'] },
    });
    const listed = await adminApi('GET', '/admin/configuration-tokens');
    expect(listed.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ jti: issued.body['jti'], revokedAt: null })]),
    );
    expect(
      (await adminApi('DELETE', `/admin/configuration-tokens/${String(issued.body['jti'])}`)).body,
    ).toMatchObject({ revoked: true });
    expect((await adminApi('GET', '/explorer/graph')).status).toBe(200);

    const reader = await tokenOf(READER);
    const refused = await fetch(`${provider.url}/admin/configuration-tokens`, {
      headers: { authorization: `Bearer ${reader}` },
    });
    expect(refused.status).toBe(403);
  });

  it('the operator CLI issues, lists and revokes through the admin API', async () => {
    const issued = JSON.parse(
      (await cli('issue', 'billing', '--permissions', 'ledger, audit', '--expires-in', '3600')).stdout,
    ) as {
      jti: string;
      token: string;
      permissions: string[];
      expiresAt: string;
    };
    expect(issued).toMatchObject({ permissions: ['ledger', 'audit'], token: expect.stringMatching(/^eyJ/) });
    expect(Date.parse(issued.expiresAt) - Date.now()).toBeGreaterThan(3500_000);
    const listed = JSON.parse((await cli('list')).stdout) as { jti: string; revokedAt: string | null }[];
    expect(listed).toEqual(
      expect.arrayContaining([expect.objectContaining({ jti: issued.jti, revokedAt: null })]),
    );
    expect(JSON.parse((await cli('revoke', issued.jti)).stdout)).toMatchObject({
      jti: issued.jti,
      revoked: true,
    });
  });

  it('the operator CLI says in one line what to fix: exit 2 for its own input, 1 for a failed request', async () => {
    const help = await gatehouse(['--help']);
    expect(help).toMatchObject({ status: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: gatehouse <command>/);

    const before = JSON.parse((await cli('list')).stdout) as unknown[];
    // Once read as "no lifetime": a token that never expires.
    for (const lifetime of ['abc', '0']) {
      expect(await gatehouse(['issue', 'typo', '--expires-in', lifetime])).toEqual({
        status: 2,
        stdout: '',
        stderr: `gatehouse: --expires-in must be a whole number of seconds from 1 to 315360000, not "${lifetime}"\n`,
      });
    }
    expect(await gatehouse(['bogus'])).toMatchObject({
      status: 2,
      stdout: '',
      stderr: expect.stringMatching(/^gatehouse: unknown command "bogus".*\n$/),
    });
    expect(JSON.parse((await cli('list')).stdout)).toEqual(before);

    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await gatehouse(['revoke', unknown])).toEqual({
      status: 1,
      stdout: '',
      stderr: `gatehouse: the provider refused DELETE /admin/configuration-tokens/${unknown}: 404 not_found: no configuration token with this jti\n`,
    });
    expect(
      await gatehouse(['list'], {
        ...operatorEnv(),
        DISCOVERY_ADMIN_CLIENT_ID: READER.id,
        DISCOVERY_ADMIN_CLIENT_SECRET: READER.secret,
      }),
    ).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(
        /^gatehouse: the provider refused GET \/admin\/configuration-tokens: 403 insufficient_scope: [^\n]+\n$/,
      ),
    });
    const wrongSecret = await gatehouse(['list'], {
      ...operatorEnv(),
      DISCOVERY_ADMIN_CLIENT_SECRET: 'not-the-secret',
    });
    expect(wrongSecret).toMatchObject({
      status: 1,
      stdout: '',
      stderr: expect.stringMatching(
        /^gatehouse: auth refused the admin client "operator": 401 invalid_client[^\n]*\n$/,
      ),
    });
    const closed = `http://127.0.0.1:${await freePort()}`;
    expect(await gatehouse(['list'], { ...operatorEnv(), DISCOVERY_URL: closed })).toEqual({
      status: 1,
      stdout: '',
      stderr: `gatehouse: cannot reach ${closed}/admin/configuration-tokens: connection refused (is it running, on this port?)\n`,
    });
  });

  it('a push still owed when the provider is SIGKILLed is delivered by the restarted provider', async () => {
    const providerUrl = provider.url;
    const orders = await new RawService('orders', providerUrl).start();
    const billing = await new RawService('billing', providerUrl).start();
    services.push(orders, billing);
    const to = await adminApi('POST', '/admin/configuration-tokens', {
      name: 'orders',
      permissions: ['billing'],
    });
    const tb = await adminApi('POST', '/admin/configuration-tokens', { name: 'billing', permissions: [] });
    // orders refuses its updates for now: the push that would tell it about billing stays owed.
    orders.refuseUpdates = Number.MAX_SAFE_INTEGER;
    expect((await orders.register(providerUrl, String(to.body['token']))).status).toBe(200);
    expect((await billing.register(providerUrl, String(tb.body['token']))).status).toBe(200);
    await until(
      () => (orders.refusedUpdates >= 2 ? true : undefined),
      'orders to refuse a retried push',
      15_000,
    );
    expect((await outboxRows()).length).toBeGreaterThan(0);

    await provider.kill();
    orders.refuseUpdates = 0;
    expect(orders.view).toBeUndefined();
    provider = await startProvider();

    await until(() => orders.view?.permissions['billing'], 'the owed push after the restart', 20_000);
    const token = orders.view!.permissions['billing']!.token;
    await until(() => billing.view?.allows[token], 'billing to allow orders', 10_000);
    expect(billing.view!.allows[token]).toBe('127.0.0.1');
    expect(orders.forged).toEqual([]);
    await until(async () => ((await outboxRows()).length === 0 ? true : undefined), 'outbox drained', 10_000);
  });
});
