import { Client } from 'pg';
import { SignJWT } from 'jose';
import { SigningKeysService } from '../src/keys/signing-keys.service';
import { post, RawService, type TestAuthority, type TestDatabase, until } from '@gatehouse/testing';
import { useProvider } from './support/provider-harness';
import { issueToken, PROVIDER_PUBLIC_URL, type RunningProvider } from './support/provider-app';

jest.setTimeout(60_000);

describe('discovery provider: registration, confirm and pushes', () => {
  const h = useProvider('discovery-reg', { DISCOVERY_TRUSTED_PROXIES: '127.0.0.1' });
  let provider: RunningProvider;
  let admin: string;
  let db: TestDatabase;
  let authority: TestAuthority;
  const services = h.services;
  // The harness's beforeAll runs first (jest keeps declaration order).
  beforeAll(() => ({ provider, admin, db, authority } = h));

  const service = (name: string) => h.service(name);
  const count = async (table: string): Promise<number> => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
    } finally {
      await client.end();
    }
  };

  it('a three-service graph converges: each instance holds exactly its permissions and allows', async () => {
    // a -> b, c;  b -> c;  c -> a.  Two instances of b; c registers through a proxy (XFF believed).
    const [ta, tb, tc] = await Promise.all([
      issueToken(provider, admin, { name: 'svc-a', permissions: ['svc-b', 'svc-c'] }),
      issueToken(provider, admin, { name: 'svc-b', permissions: ['svc-c'] }),
      issueToken(provider, admin, { name: 'svc-c', permissions: ['svc-a'] }),
    ]);
    const [a, b1, b2, c] = await Promise.all([
      service('svc-a'),
      service('svc-b'),
      service('svc-b'),
      service('svc-c'),
    ]);
    const results = await Promise.all([
      a.register(provider.url, ta.token),
      b1.register(provider.url, tb.token),
      b2.register(provider.url, tb.token),
      c.register(provider.url, tc.token, { 'x-forwarded-for': '10.9.8.7' }),
    ]);
    for (const r of results) expect(r).toMatchObject({ status: 200, body: { status: 'registered' } });
    expect(results[0]!.body).toMatchObject({
      name: 'svc-a',
      instanceId: expect.any(String),
      revision: expect.any(Number),
    });

    const settled = async () =>
      [a, b1, b2, c].every((s) => s.view) &&
      Object.keys(a.view!.permissions).length === 2 &&
      a.view!.hosts?.['svc-b']?.length === 2 &&
      Object.keys(c.view!.allows).length === 3 &&
      Object.keys(b1.view!.allows).length === 1 &&
      Object.keys(a.view!.allows).length === 1 &&
      (await count('discovery_outbox')) === 0;
    await until(settled, 'views to converge', 15_000);

    const token = (from: RawService, to: string) => from.view!.permissions[to]!.token;
    expect(Object.keys(a.view!.permissions).sort()).toEqual(['svc-b', 'svc-c']);
    expect(a.view!.permissions['svc-b']!.host).toBe(
      b1.host === a.view!.hosts!['svc-b']![0] ? b1.host : b2.host,
    );
    expect(a.view!.permissions['svc-c']!.host).toBe(c.host);
    expect(a.view!.hosts!['svc-b']!.sort()).toEqual([b1.host, b2.host].sort());
    expect(a.view!.allows).toEqual({ [token(c, 'svc-a')]: '10.9.8.7' });
    // `callers` names the service behind each allowed token (a facade admits only its gate by it).
    expect(a.view!.callers).toEqual({ [token(c, 'svc-a')]: 'svc-c' });
    expect(c.view!.callers).toEqual({
      [token(a, 'svc-c')]: 'svc-a',
      [token(b1, 'svc-c')]: 'svc-b',
      [token(b2, 'svc-c')]: 'svc-b',
    });

    for (const b of [b1, b2]) {
      expect(Object.keys(b.view!.permissions)).toEqual(['svc-c']);
      expect(b.view!.permissions['svc-c']!.host).toBe(c.host);
      expect(b.view!.allows).toEqual({ [token(a, 'svc-b')]: '127.0.0.1' });
    }
    expect(c.view!.permissions).toEqual({ 'svc-a': { host: a.host, token: token(c, 'svc-a') } });
    expect(c.view!.allows).toEqual({
      [token(a, 'svc-c')]: '127.0.0.1',
      [token(b1, 'svc-c')]: '127.0.0.1',
      [token(b2, 'svc-c')]: '127.0.0.1',
    });

    const all = [
      token(a, 'svc-b'),
      token(a, 'svc-c'),
      token(b1, 'svc-c'),
      token(b2, 'svc-c'),
      token(c, 'svc-a'),
    ];
    expect(new Set(all).size).toBe(all.length);
    for (const t of all) expect(t).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    // Every provider call carried a valid signature over its exact body.
    for (const s of [a, b1, b2, c]) expect(s.forged).toEqual([]);
    // Revisions only grow per instance.
    for (const s of [a, b1, b2, c])
      expect(s.view!.revision).toBe(Math.max(...s.updates.map((u) => u.revision)));
  });

  describe('a registration that fails leaves nothing registered', () => {
    let token: string;
    beforeAll(async () => {
      token = (await issueToken(provider, admin, { name: 'svc-fail', permissions: ['svc-a'] })).token;
    });

    const expectNothingStored = async (s: RawService) => {
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        const rows = await client.query('SELECT 1 FROM discovery_instance WHERE gate_host = $1', [
          s.gateHost,
        ]);
        expect(rows.rowCount).toBe(0);
      } finally {
        await client.end();
      }
    };

    it.each([
      ['wrong-signature', 502, 'confirm_failed'],
      ['error', 502, 'confirm_failed'],
      ['hang', 504, 'confirm_timeout'],
    ] as const)('confirm answered %s -> %i %s', async (mode, status, code) => {
      const s = await service('svc-fail');
      s.confirmMode = mode;
      const res = await s.register(provider.url, token);
      expect(res).toMatchObject({ status, body: { code, detail: expect.any(String), status } });
      await expectNothingStored(s);
    });

    it('refused connection -> 502 confirm_failed', async () => {
      const s = await service('svc-fail');
      await s.stop();
      services.splice(services.indexOf(s), 1);
      const res = await s.register(provider.url, token);
      expect(res).toMatchObject({ status: 502, body: { code: 'confirm_failed' } });
      await expectNothingStored(s);
    });

    it('gate_host outside the allow-list -> 403 host_refused, without any call', async () => {
      const s = await service('svc-fail');
      const bad = await s.serviceToken(token, { gate_host: 'http://169.254.169.254/latest/meta-data' });
      const res = await post(`${provider.url}/register`, { token: bad, signature: s.signature });
      expect(res).toMatchObject({ status: 403, body: { code: 'host_refused' } });
      const scheme = await s.serviceToken(token, { host: 'file:///etc/passwd' });
      expect((await post(`${provider.url}/register`, { token: scheme, signature: s.signature })).status).toBe(
        401,
      );
      const ftp = await s.serviceToken(token, { gate_host: 'http://10.0.0.1:9/x' });
      expect(await post(`${provider.url}/register`, { token: ftp, signature: s.signature })).toMatchObject({
        status: 403,
        body: { code: 'host_refused' },
      });
    });
  });

  describe('bad input gets a 4xx with a stable code', () => {
    let s: RawService;
    let token: string;
    beforeAll(async () => {
      s = await service('svc-bad');
      token = (await issueToken(provider, admin, { name: 'svc-bad', permissions: [] })).token;
    });

    it('malformed, wrongly shaped and oversized bodies', async () => {
      expect(await post(`${provider.url}/register`, '{not json')).toMatchObject({
        status: 400,
        body: { code: 'invalid_request' },
      });
      expect(await post(`${provider.url}/register`, { token: 'x' })).toMatchObject({
        status: 400,
        body: { code: 'invalid_request' },
      });
      expect(await post(`${provider.url}/register`, [1, 2])).toMatchObject({
        status: 400,
        body: { code: 'invalid_request' },
      });
      const huge = { token: 'a'.repeat(200_000), signature: s.signature };
      expect(await post(`${provider.url}/register`, huge)).toMatchObject({
        status: 413,
        body: { code: 'payload_too_large' },
      });
    });

    it('a service token signed with another key, or with a wrong algorithm', async () => {
      const other = new RawService('svc-bad', PROVIDER_PUBLIC_URL);
      const forged = await other.serviceToken(token);
      expect(await post(`${provider.url}/register`, { token: forged, signature: s.signature })).toMatchObject(
        {
          status: 401,
          body: { code: 'invalid_service_token' },
        },
      );
      const [header, payload] = (await s.serviceToken(token)).split('.');
      const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
      expect(await post(`${provider.url}/register`, { token: none, signature: s.signature })).toMatchObject({
        status: 401,
        body: { code: 'invalid_service_token' },
      });
      expect(header).toBeDefined();
    });

    it('a replayed register or deregister body: its service token is older than DISCOVERY_SERVICE_TOKEN_MAX_AGE_SEC', async () => {
      const iat = Math.floor(Date.now() / 1000) - 400;
      const old = await new SignJWT({ host: s.host, gate_host: s.gateHost, configuration_token: token, iat })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(new TextEncoder().encode(s.signature));
      for (const path of ['register', 'deregister']) {
        expect(await post(`${provider.url}/${path}`, { token: old, signature: s.signature })).toMatchObject({
          status: 401,
          body: { code: 'invalid_service_token' },
        });
      }
    });

    it('rereads its keys on an unknown kid at most once a second, however many such tokens arrive', async () => {
      const keys = provider.app.get(SigningKeysService);
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const forgedHeader = (n: number) =>
        Buffer.from(
          JSON.stringify({ ...JSON.parse(Buffer.from(header, 'base64url').toString()), kid: `unknown-${n}` }),
        ).toString('base64url');
      const before = keys.reloads;
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, n) =>
          s.register(provider.url, `${forgedHeader(n)}.${payload}.${signature}`),
        ),
      );
      const seconds = Math.ceil((Date.now() - started) / 1000);
      expect(answers.every((a) => a.status === 401)).toBe(true);
      // Without the bound each of the 30 reads the table; with it, one read per second they took.
      expect(keys.reloads - before).toBeLessThanOrEqual(1 + seconds);
      expect(seconds).toBeLessThan(29);
    });

    it('a configuration token that is forged, expired or revoked', async () => {
      const [h, p] = token.split('.');
      const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, permissions: ['svc-a'] })).toString('base64url')}.${token.split('.')[2]}`;
      expect(await s.register(provider.url, tampered)).toMatchObject({
        status: 401,
        body: { code: 'invalid_configuration_token' },
      });

      const short = await issueToken(provider, admin, { name: 'svc-bad', permissions: [], expiresIn: 1 });
      await new Promise((resolve) => setTimeout(resolve, 7000));
      expect(await s.register(provider.url, short.token)).toMatchObject({
        status: 401,
        body: { code: 'configuration_token_expired' },
      });

      const revoked = await issueToken(provider, admin, { name: 'svc-bad', permissions: [] });
      const del = await fetch(`${provider.url}/admin/configuration-tokens/${revoked.jti}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(del.status).toBe(200);
      expect(await s.register(provider.url, revoked.token)).toMatchObject({
        status: 401,
        body: { code: 'configuration_token_revoked' },
      });
    }, 20_000);

    it('admin API: no token 401, non-admin 403, bad body 400, unknown jti 404', async () => {
      const url = `${provider.url}/admin/configuration-tokens`;
      expect((await fetch(url)).status).toBe(401);
      const user = await authority.token(['user']);
      expect((await fetch(url, { headers: { authorization: `Bearer ${user}` } })).status).toBe(403);
      const bad = await post(
        url,
        { name: 'Not A Name', permissions: [] },
        { authorization: `Bearer ${admin}` },
      );
      expect(bad).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
      const missing = await fetch(`${url}/00000000-0000-4000-8000-000000000000`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${admin}` },
      });
      expect({ status: missing.status, body: await missing.clone().text() }).toMatchObject({ status: 404 });
      expect(await missing.json()).toMatchObject({ code: 'not_found' });
      const list = (await (
        await fetch(url, { headers: { authorization: `Bearer ${admin}` } })
      ).json()) as unknown[];
      expect(list.length).toBeGreaterThan(0);
      expect(JSON.stringify(list)).not.toMatch(/eyJ/);
    });
  });

  it('publishes its JWKS and OpenAPI, and serves health and metrics', async () => {
    const jwks = (await (await fetch(`${provider.url}/.well-known/jwks.json`)).json()) as {
      keys: { kid: string; d?: string }[];
    };
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect(jwks.keys[0]!.d).toBeUndefined();
    expect((await fetch(`${provider.url}/health/ready`)).status).toBe(200);
    expect(await (await fetch(`${provider.url}/metrics`)).text()).toContain('discovery_registrations_total');
  });
});
