import { ALICE, ROOT, SVC_A, SVC_B, WEB } from './support/fixtures';
import { basic, postForm, postJson, type Reply } from './support/http';
import {
  type AuthTestEnv,
  createAuthTestEnv,
  type RunningAuthApp,
  startAuthApp,
} from './support/auth-test-app';

jest.setTimeout(30_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function expectThrottled(reply: Reply): number {
  expect(reply.status).toBe(429);
  expect(reply.body).toEqual({ error: 'too_many_requests', error_description: expect.any(String) });
  const retryAfter = Number(reply.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
  return retryAfter;
}

describe('throttling of /oauth/token and /challenge/verify', () => {
  let env: AuthTestEnv;
  let auth: RunningAuthApp;
  let ipCounter = 0;
  /** A fresh client address per call site, through the trusted proxy's X-Forwarded-For. */
  const from = (ip = `203.0.113.${++ipCounter}`) => ({ 'x-forwarded-for': ip });
  const web = basic(WEB.id, WEB.secret);
  const password = (username: string, pw: string, headers: Record<string, string>) =>
    postForm(
      `${auth.url}/oauth/token`,
      { grant_type: 'password', username, password: pw },
      { authorization: web, ...headers },
    );
  const clientCredentials = (id: string, secret: string, headers: Record<string, string>) =>
    postForm(
      `${auth.url}/oauth/token`,
      { grant_type: 'client_credentials' },
      { authorization: basic(id, secret), ...headers },
    );

  beforeAll(async () => {
    env = await createAuthTestEnv('throttling', {
      AUTH_THROTTLE_IP_LIMIT: '5',
      AUTH_THROTTLE_IP_WINDOW_SEC: '60',
      AUTH_THROTTLE_IP_BLOCK_SEC: '30',
      AUTH_THROTTLE_FREE_FAILURES: '3',
      AUTH_THROTTLE_BASE_DELAY_SEC: '2',
      // The test client plays the proxy.
      AUTH_TRUSTED_PROXIES: '127.0.0.1',
    });
    auth = await startAuthApp(env.env);
  });

  afterAll(async () => {
    await auth?.close();
    await env?.dispose();
  });

  it('limits requests per client IP on both endpoints (429, Retry-After, OAuth body)', async () => {
    const ip = from();
    for (let i = 0; i < 5; i++) expect((await password(ALICE.username, ALICE.password, ip)).status).toBe(200);
    expect(expectThrottled(await password(ALICE.username, ALICE.password, ip))).toBeGreaterThan(20);
    expect((await password(ALICE.username, ALICE.password, from())).status).toBe(200);

    const gateIp = from();
    const challenge = () =>
      postJson(
        `${auth.url}/challenge/verify`,
        { user: 'x', secret: 's', sign: 'bad' },
        { authorization: basic(SVC_B.id, SVC_B.secret), ...gateIp },
      );
    for (let i = 0; i < 5; i++) expect((await challenge()).status).toBe(400);
    expectThrottled(await challenge());
  });

  it('believes X-Forwarded-For only from trusted proxies', async () => {
    // The same database and settings, without AUTH_TRUSTED_PROXIES.
    const { AUTH_TRUSTED_PROXIES: _trusted, ...untrusting } = env.env;
    const direct = await startAuthApp(untrusting);
    try {
      let last: Reply | undefined;
      // Every request claims another address, but all come from 127.0.0.1: one bucket.
      for (let i = 0; i < 6; i++)
        last = await postJson(
          `${direct.url}/challenge/verify`,
          {},
          { authorization: basic(SVC_B.id, SVC_B.secret), ...from() },
        );
      expectThrottled(last!);
    } finally {
      await direct.close();
    }
  });

  it('backs off exponentially per username after failures, whatever the IP, and resets on success', async () => {
    for (let i = 0; i < 4; i++)
      expect((await password(ROOT.username, 'wrong', from())).body['error']).toBe('invalid_grant');
    // Locked: even the right password waits, from any address.
    const wait = expectThrottled(await password(ROOT.username, ROOT.password, from()));
    expect(wait).toBeLessThanOrEqual(2);
    // Another user on the same addresses is unaffected.
    expect((await password(ALICE.username, ALICE.password, from())).status).toBe(200);
    // One more failure after the lock doubles it.
    await sleep(wait * 1000 + 100);
    expect((await password(ROOT.username, 'wrong', from())).status).toBe(400);
    const doubled = expectThrottled(await password(ROOT.username, ROOT.password, from()));
    expect(doubled).toBeGreaterThan(2);
    expect(doubled).toBeLessThanOrEqual(4);
    await sleep(doubled * 1000 + 100);
    expect((await password(ROOT.username, ROOT.password, from())).status).toBe(200);
    // The success cleared the counter: three free failures again.
    for (let i = 0; i < 3; i++) expect((await password(ROOT.username, 'wrong', from())).status).toBe(400);
    expect((await password(ROOT.username, ROOT.password, from())).status).toBe(200);
  });

  it('backs off per client id on bad client secrets, and per unknown name the same way', async () => {
    for (let i = 0; i < 4; i++) expect((await clientCredentials(SVC_A.id, 'wrong', from())).status).toBe(401);
    expectThrottled(await clientCredentials(SVC_A.id, SVC_A.secret, from()));
    expect((await clientCredentials(SVC_B.id, SVC_B.secret, from())).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await password('no-such-user', 'x', from())).status).toBe(400);
    expectThrottled(await password('no-such-user', 'x', from()));
  });
});
