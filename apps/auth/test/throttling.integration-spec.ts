import { ALICE, ROOT, SVC_A, SVC_B, WEB } from './support/fixtures';
import { basic, postForm, postJson, type Reply } from './support/http';
import {
  type AuthTestEnv,
  createAuthTestEnv,
  type RunningAuthApp,
  startAuthApp,
} from './support/auth-test-app';

jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function expectRefused(reply: Reply, status = 429, error = 'too_many_requests'): number {
  expect(reply.status).toBe(status);
  expect(reply.body).toEqual({ error, error_description: expect.any(String) });
  const retryAfter = Number(reply.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
  return retryAfter;
}

/** Runs `count` calls of `call`, `parallel` at a time; returns every reply. */
async function inParallel(
  count: number,
  parallel: number,
  call: (i: number) => Promise<Reply>,
): Promise<Reply[]> {
  const replies: Reply[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) replies.push(await call(next++));
    }),
  );
  return replies;
}

let ipCounter = 0;
/** A fresh client address per call site, through the trusted proxy's X-Forwarded-For. */
const from = (ip = `203.0.113.${++ipCounter}`) => ({ 'x-forwarded-for': ip });

describe('sign-in limits: nobody locks anyone else out', () => {
  let env: AuthTestEnv;
  let auth: RunningAuthApp;
  const web = basic(WEB.id, WEB.secret);
  const password = (username: string, pw: string, headers: Record<string, string>) =>
    postForm(
      `${auth.url}/oauth/token`,
      { grant_type: 'password', username, password: pw },
      { authorization: web, ...headers },
    );
  const clientCredentials = (id: string, secret: string | undefined, headers: Record<string, string>) =>
    postForm(
      `${auth.url}/oauth/token`,
      { grant_type: 'client_credentials', ...(secret === undefined ? { client_id: id } : {}) },
      { ...(secret === undefined ? {} : { authorization: basic(id, secret) }), ...headers },
    );

  beforeAll(async () => {
    env = await createAuthTestEnv('throttling', {
      AUTH_THROTTLE_IP_LIMIT: '8',
      AUTH_THROTTLE_IP_WINDOW_MS: '60000',
      AUTH_THROTTLE_IP_BLOCK_MS: '30000',
      AUTH_THROTTLE_FREE_FAILURES: '3',
      AUTH_THROTTLE_BASE_DELAY_MS: '2000',
      // The test client plays the proxy.
      AUTH_TRUSTED_PROXIES: '127.0.0.1',
    });
    auth = await startAuthApp(env.env);
  });

  afterAll(async () => {
    await auth?.close();
    await env?.dispose();
  });

  it('per address, only failures count: valid sign-ins are never limited by it', async () => {
    const ip = from();
    for (let i = 0; i < 10; i++)
      expect((await password(ALICE.username, ALICE.password, ip)).status).toBe(200);
    // Requests without a secret fail without touching any identity's backoff.
    for (let i = 0; i < 8; i++) expect((await clientCredentials(SVC_A.id, undefined, ip)).status).toBe(401);
    // Past the failure limit the address is blocked before any costly check; other addresses are not.
    expect(expectRefused(await password(ALICE.username, ALICE.password, ip))).toBeGreaterThan(20);
    expect(expectRefused(await clientCredentials(SVC_A.id, SVC_A.secret, ip))).toBeGreaterThan(20);
    expect((await password(ALICE.username, ALICE.password, from())).status).toBe(200);
    // A client verified moments ago costs nothing to accept: a neighbour's failures do not lock it out.
    expect((await clientCredentials(SVC_B.id, SVC_B.secret, from())).status).toBe(200);
    expect((await clientCredentials(SVC_B.id, SVC_B.secret, ip)).status).toBe(200);
  });

  it('more than 1,000 valid client_credentials tokens from one address are all issued', async () => {
    const ip = from();
    const replies = await inParallel(1100, 8, () => clientCredentials(SVC_B.id, SVC_B.secret, ip));
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1100);
  });

  it('believes X-Forwarded-For only from trusted proxies', async () => {
    // The same database and settings, without AUTH_TRUSTED_PROXIES.
    const { AUTH_TRUSTED_PROXIES: _trusted, ...untrusting } = env.env;
    const direct = await startAuthApp(untrusting);
    try {
      // Every request claims another address, but all come from 127.0.0.1: one bucket.
      for (let i = 0; i < 8; i++)
        expect(
          (
            await postJson(
              `${direct.url}/challenge/verify`,
              {},
              { authorization: basic(SVC_B.id, SVC_B.secret), ...from() },
            )
          ).status,
        ).toBe(400);
      const login = await postForm(
        `${direct.url}/oauth/token`,
        { grant_type: 'password', username: ALICE.username, password: ALICE.password },
        { authorization: web, ...from() },
      );
      expectRefused(login);
    } finally {
      await direct.close();
    }
  });

  it('backs off per username AND address: the right password from elsewhere is never refused', async () => {
    const attacker = from();
    const owner = from();
    for (let i = 0; i < 4; i++)
      expect((await password(ROOT.username, 'wrong', attacker)).body['error']).toBe('invalid_grant');
    // Locked at the attacker's address: even the right password waits there...
    const wait = expectRefused(await password(ROOT.username, ROOT.password, attacker));
    expect(wait).toBeLessThanOrEqual(2);
    // ...but the owner, from their own address, signs in.
    expect((await password(ROOT.username, ROOT.password, owner)).status).toBe(200);
    // Exponential: one more failure after the lock doubles it.
    await sleep(wait * 1000 + 100);
    expect((await password(ROOT.username, 'wrong', attacker)).status).toBe(400);
    const doubled = expectRefused(await password(ROOT.username, ROOT.password, attacker));
    expect(doubled).toBeGreaterThan(2);
    expect(doubled).toBeLessThanOrEqual(4);
  });

  it('a flood of wrong client secrets from one address never stops the client elsewhere', async () => {
    const attacker = from();
    for (let i = 0; i < 4; i++)
      expect((await clientCredentials(SVC_A.id, 'wrong', attacker)).status).toBe(401);
    expectRefused(await clientCredentials(SVC_A.id, SVC_A.secret, attacker));
    expect((await clientCredentials(SVC_A.id, SVC_A.secret, from())).status).toBe(200);
  });

  it('20 requests without a secret lock nobody: they are not guesses', async () => {
    const home = from();
    for (let i = 0; i < 20; i++)
      expect((await clientCredentials(SVC_A.id, undefined, from())).status).toBe(401);
    for (let i = 0; i < 4; i++) expect((await clientCredentials(SVC_A.id, undefined, home)).status).toBe(401);
    expect((await clientCredentials(SVC_A.id, SVC_A.secret, home)).status).toBe(200);
  });

  it('unknown usernames share one counter per address, and lock out like known ones', async () => {
    const ip = from();
    for (let i = 0; i < 4; i++) expect((await password(`no-such-user-${i}`, 'x', ip)).status).toBe(400);
    expectRefused(await password('no-such-user-4', 'x', ip));
    expect((await password(ALICE.username, ALICE.password, ip)).status).toBe(200);
  });
});

describe('sign-in limits: bounded hashing, per-client quotas', () => {
  let env: AuthTestEnv;
  let auth: RunningAuthApp;
  const web = basic(WEB.id, WEB.secret);
  const password = (pw: string, headers: Record<string, string>) =>
    postForm(
      `${auth.url}/oauth/token`,
      { grant_type: 'password', username: ALICE.username, password: pw },
      { authorization: web, ...headers },
    );

  beforeAll(async () => {
    env = await createAuthTestEnv('throttling_queue', {
      AUTH_HASH_CONCURRENCY: '1',
      AUTH_HASH_QUEUE_LIMIT: '3',
      AUTH_HASH_PER_ADDRESS: '2',
      AUTH_CLIENT_RATE_PER_SEC: '30',
      AUTH_TRUSTED_PROXIES: '127.0.0.1',
    });
    auth = await startAuthApp(env.env);
    // The client's own (argon2id) secret is checked once, then cached: the bursts below queue passwords only.
    expect((await password(ALICE.password, from())).status).toBe(200);
  });

  afterAll(async () => {
    await auth?.close();
    await env?.dispose();
  });

  it('a full hash queue answers 503 with Retry-After instead of queueing', async () => {
    const replies = await Promise.all(Array.from({ length: 12 }, () => password('wrong', from())));
    const refused = replies.filter((r) => r.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const reply of refused) expectRefused(reply, 503, 'temporarily_unavailable');
    expect(replies.every((r) => r.status === 503 || r.status === 400 || r.status === 429)).toBe(true);
  });

  it('one address gets its share of the queue (429), another address is served', async () => {
    const busy = from();
    const [own, other] = await Promise.all([
      // Five at once against a share of two: however the scheduler spreads their arrival, at least one
      // finds its address's share taken while the first is still hashing.
      Promise.all(Array.from({ length: 5 }, () => password('wrong', busy))),
      password(ALICE.password, from()),
    ]);
    const refused = own.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const reply of refused) expectRefused(reply);
    expect(own.every((r) => r.status === 429 || r.status === 400)).toBe(true);
    expect(other.status).toBe(200);
  });

  it('introspection and revocation are throttled per client', async () => {
    for (const path of ['/oauth/introspect', '/oauth/revoke']) {
      // One call first: the client's argon2id secret is then cached, and the burst measures the quota alone.
      await postForm(
        `${auth.url}${path}`,
        { token: 'x' },
        { authorization: basic(SVC_B.id, SVC_B.secret), ...from() },
      );
      const replies = await Promise.all(
        Array.from({ length: 80 }, () =>
          postForm(
            `${auth.url}${path}`,
            { token: 'x' },
            { authorization: basic(SVC_B.id, SVC_B.secret), ...from() },
          ),
        ),
      );
      expect(replies.filter((r) => r.status === 429).length).toBeGreaterThan(0);
      expectRefused(replies.find((r) => r.status === 429)!);
    }
  });
});
