import { ALICE, SPA } from './support/fixtures';
import { postForm } from './support/http';
import {
  type AuthTestEnv,
  createAuthTestEnv,
  type RunningAuthApp,
  startAuthApp,
} from './support/auth-test-app';

const PAGE = 'http://127.0.0.1:8090';

/** A login page on another origin gets a token with the password grant of a public client. */
describe('CORS for configured web origins (AUTH_CORS_ORIGINS)', () => {
  let world: AuthTestEnv;
  let auth: RunningAuthApp;
  let plain: RunningAuthApp;

  beforeAll(async () => {
    world = await createAuthTestEnv('auth_cors', { AUTH_CORS_ORIGINS: `${PAGE}, https://app.example` });
    auth = await startAuthApp(world.env);
    const { AUTH_CORS_ORIGINS: _none, ...withoutCors } = world.env;
    plain = await startAuthApp(withoutCors);
  });
  afterAll(async () => {
    await plain?.close();
    await auth?.close();
    await world?.dispose();
  });

  const login = (app: RunningAuthApp, origin: string) =>
    postForm(
      `${app.url}/oauth/token`,
      { grant_type: 'password', username: ALICE.username, password: ALICE.password, client_id: SPA.id },
      { origin },
    );

  it('answers a configured origin with its Access-Control-Allow-Origin, and the token', async () => {
    const reply = await login(auth, PAGE);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(reply.headers.get('access-control-allow-credentials')).toBeNull();
    expect(reply.headers.get('vary')).toMatch(/origin/i);
    expect(typeof reply.body['access_token']).toBe('string');
  });

  it('answers the preflight of a configured origin, for the token endpoint and the JWKS', async () => {
    for (const path of ['/oauth/token', '/.well-known/jwks.json']) {
      const reply = await fetch(`${auth.url}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://app.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      expect(reply.status).toBe(204);
      expect(reply.headers.get('access-control-allow-origin')).toBe('https://app.example');
      expect(reply.headers.get('access-control-allow-methods')).toMatch(/POST/);
      expect(reply.headers.get('access-control-allow-headers')).toMatch(/content-type/);
    }
  });

  it('gives another origin no CORS header (its browser keeps the answer from the page)', async () => {
    const reply = await login(auth, 'http://evil.example');
    expect(reply.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('gives no CORS header at all when no origin is configured', async () => {
    const reply = await login(plain, PAGE);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('access-control-allow-origin')).toBeNull();
  });
});
