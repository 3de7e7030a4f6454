import { ALICE, SVC_A, SVC_B, WEB } from './support/fixtures';
import { basic, postForm, postJson } from './support/http';
import {
  type AuthTestEnv,
  createAuthTestEnv,
  ISSUER,
  type RunningAuthApp,
  startAuthApp,
} from './support/auth-test-app';

describe('introspection (RFC 7662) and revocation (RFC 7009)', () => {
  let world: AuthTestEnv;
  let auth: RunningAuthApp;
  const svcA = { authorization: basic(SVC_A.id, SVC_A.secret) };
  const svcB = { authorization: basic(SVC_B.id, SVC_B.secret) };
  const web = { authorization: basic(WEB.id, WEB.secret) };

  beforeAll(async () => {
    world = await createAuthTestEnv('auth_introspect');
    auth = await startAuthApp(world.env);
  });
  afterAll(async () => {
    await auth?.close();
    await world?.dispose();
  });

  const tokens = async () =>
    (await postForm(`${auth.url}/oauth/token`, { grant_type: 'client_credentials' }, svcA)).body as {
      access_token: string;
      refresh_token: string;
    };
  const introspect = (token: string, headers = svcB, extra: Record<string, string> = {}) =>
    postForm(`${auth.url}/oauth/introspect`, { token, ...extra }, headers);
  const revoke = (token: string, headers = svcA, extra: Record<string, string> = {}) =>
    postForm(`${auth.url}/oauth/revoke`, { token, ...extra }, headers);

  it('reports an active access token to any authenticated confidential client', async () => {
    const { access_token } = await tokens();
    const reply = await introspect(access_token);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.body).toMatchObject({
      active: true,
      token_type: 'Bearer',
      iss: ISSUER,
      sub: SVC_A.id,
      client_id: SVC_A.id,
      scope: 'a:read a:write',
      roles: ['service'],
    });
    expect(typeof reply.body['exp']).toBe('number');
  });

  it('reports a refresh token only to its own client', async () => {
    const { refresh_token } = await tokens();
    expect((await introspect(refresh_token, svcA)).body).toMatchObject({
      active: true,
      token_type: 'refresh_token',
      client_id: SVC_A.id,
    });
    expect((await introspect(refresh_token, svcB)).body).toEqual({ active: false });
  });

  it('anything else is {active:false} and nothing more', async () => {
    expect((await introspect('junk')).body).toEqual({ active: false });
    const { refresh_token } = await tokens();
    await postForm(`${auth.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token }, svcA);
    expect((await introspect(refresh_token, svcA, { token_type_hint: 'refresh_token' })).body).toEqual({
      active: false,
    });
  });

  it('callers must authenticate as confidential clients; a missing token is invalid_request', async () => {
    const { access_token } = await tokens();
    const anonymous = await postForm(`${auth.url}/oauth/introspect`, { token: access_token });
    expect({ status: anonymous.status, error: anonymous.body['error'] }).toEqual({
      status: 401,
      error: 'invalid_client',
    });
    const wrong = await introspect(access_token, { authorization: basic(SVC_B.id, 'wrong') });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic/);
    const publicClient = await postForm(`${auth.url}/oauth/introspect`, {
      token: access_token,
      client_id: 'spa',
    });
    expect(publicClient.status).toBe(401);
    const missing = await postJson(`${auth.url}/oauth/introspect`, {}, svcB);
    expect({ status: missing.status, error: missing.body['error'] }).toEqual({
      status: 400,
      error: 'invalid_request',
    });
  });

  it('revoking an access token makes introspection report it inactive', async () => {
    const { access_token } = await tokens();
    const reply = await revoke(access_token, svcA, { token_type_hint: 'access_token' });
    expect(reply.status).toBe(200);
    expect((await introspect(access_token)).body).toEqual({ active: false });
  });

  it('revoking a refresh token revokes its family', async () => {
    const login = await postForm(
      `${auth.url}/oauth/token`,
      { grant_type: 'password', username: ALICE.username, password: ALICE.password },
      web,
    );
    const first = login.body['refresh_token'] as string;
    const rotated = await postForm(
      `${auth.url}/oauth/token`,
      { grant_type: 'refresh_token', refresh_token: first },
      web,
    );
    const child = rotated.body['refresh_token'] as string;
    // Revoking the spent parent still ends the family, including the live child.
    expect((await revoke(first, web)).status).toBe(200);
    const refused = await postForm(
      `${auth.url}/oauth/token`,
      { grant_type: 'refresh_token', refresh_token: child },
      web,
    );
    expect(refused.body['error']).toBe('invalid_grant');
  });

  it('always 200 for unknown tokens and for other clients’ tokens (which stay valid)', async () => {
    expect((await revoke('not-a-token')).status).toBe(200);
    expect((await revoke('not-a-token', svcA, { token_type_hint: 'weird_hint' })).status).toBe(200);
    const { access_token, refresh_token } = await tokens();
    expect((await revoke(access_token, svcB)).status).toBe(200);
    expect((await revoke(refresh_token, svcB)).status).toBe(200);
    expect((await introspect(access_token)).body['active']).toBe(true);
    expect((await introspect(refresh_token, svcA)).body['active']).toBe(true);
  });

  it('revocation needs client authentication', async () => {
    const reply = await postForm(`${auth.url}/oauth/revoke`, { token: 'x' });
    expect({ status: reply.status, error: reply.body['error'] }).toEqual({
      status: 401,
      error: 'invalid_client',
    });
  });
});
