import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { ALICE, SPA, SVC_A, SVC_B, WEB } from './support/fixtures';
import { basic, postForm, postJson, postRaw, type Reply } from './support/http';
import {
  type AuthTestEnv,
  createAuthTestEnv,
  ISSUER,
  type RunningAuthApp,
  startAuthApp,
} from './support/auth-test-app';

describe('POST /oauth/token', () => {
  let world: AuthTestEnv;
  let auth: RunningAuthApp;
  let tokenUrl: string;

  beforeAll(async () => {
    world = await createAuthTestEnv('auth_token');
    auth = await startAuthApp(world.env);
    tokenUrl = `${auth.url}/oauth/token`;
  });
  afterAll(async () => {
    await auth?.close();
    await world?.dispose();
  });

  const expectError = (reply: Reply, status: number, error: string) => {
    expect({ status: reply.status, error: reply.body['error'] }).toEqual({ status, error });
    expect(typeof reply.body['error_description']).toBe('string');
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.headers.get('pragma')).toBe('no-cache');
  };

  const verify = async (token: string) => {
    const jwks = createRemoteJWKSet(new URL(`${auth.url}/.well-known/jwks.json`));
    return jwtVerify(token, jwks, { issuer: ISSUER, audience: ISSUER, typ: 'at+jwt', algorithms: ['ES256'] });
  };

  describe('grants', () => {
    it('client_credentials with Basic auth (form): RFC 9068 access token and a refresh token', async () => {
      const reply = await postForm(
        tokenUrl,
        { grant_type: 'client_credentials' },
        { authorization: basic(SVC_A.id, SVC_A.secret) },
      );
      expect(reply.status).toBe(200);
      expect(reply.headers.get('cache-control')).toBe('no-store');
      expect(reply.headers.get('pragma')).toBe('no-cache');
      expect(reply.body).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'a:read a:write' });
      expect(typeof reply.body['refresh_token']).toBe('string');
      const token = reply.body['access_token'] as string;
      const header = decodeProtectedHeader(token);
      expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
      expect(typeof header.kid).toBe('string');
      const { payload } = await verify(token);
      expect(payload).toMatchObject({
        iss: ISSUER,
        sub: SVC_A.id,
        sub_type: 'client',
        aud: ISSUER,
        client_id: SVC_A.id,
        scope: 'a:read a:write',
        roles: ['service'],
      });
      expect(payload.exp! - payload.iat!).toBe(900);
      expect(typeof payload.jti).toBe('string');
    });

    it('client_credentials with body credentials (JSON) and a narrower scope; no refresh token without that grant', async () => {
      const reply = await postJson(tokenUrl, {
        grant_type: 'client_credentials',
        client_id: SVC_B.id,
        client_secret: SVC_B.secret,
        scope: 'b:read',
      });
      expect(reply.status).toBe(200);
      expect(reply.body['scope']).toBe('b:read');
      expect(reply.body['refresh_token']).toBeUndefined();
      const narrowed = await postJson(tokenUrl, {
        grant_type: 'client_credentials',
        client_id: SVC_A.id,
        client_secret: SVC_A.secret,
        scope: 'a:read',
      });
      expect(narrowed.body['scope']).toBe('a:read');
    });

    it('password grant (form, body credentials) and (JSON, Basic)', async () => {
      const form = await postForm(tokenUrl, {
        grant_type: 'password',
        username: ALICE.username,
        password: ALICE.password,
        client_id: WEB.id,
        client_secret: WEB.secret,
      });
      expect(form.status).toBe(200);
      const { payload } = await verify(form.body['access_token'] as string);
      expect(payload).toMatchObject({
        sub: ALICE.username,
        sub_type: 'user',
        client_id: WEB.id,
        roles: ['user'],
        scope: 'profile email',
      });
      expect(typeof form.body['refresh_token']).toBe('string');
      const json = await postJson(
        tokenUrl,
        { grant_type: 'password', username: ALICE.username, password: ALICE.password, scope: 'email' },
        { authorization: basic(WEB.id, WEB.secret) },
      );
      expect(json.status).toBe(200);
      expect(json.body['scope']).toBe('email');
    });

    it('password grant through a public client (client_id only)', async () => {
      const reply = await postForm(tokenUrl, {
        grant_type: 'password',
        username: ALICE.username,
        password: ALICE.password,
        client_id: SPA.id,
      });
      expect(reply.status).toBe(200);
      expect((await verify(reply.body['access_token'] as string)).payload['client_id']).toBe(SPA.id);
    });

    it('refresh_token grant rotates (form and JSON)', async () => {
      const first = await postForm(
        tokenUrl,
        { grant_type: 'client_credentials' },
        { authorization: basic(SVC_A.id, SVC_A.secret) },
      );
      const second = await postForm(
        tokenUrl,
        { grant_type: 'refresh_token', refresh_token: first.body['refresh_token'] as string },
        { authorization: basic(SVC_A.id, SVC_A.secret) },
      );
      expect(second.status).toBe(200);
      expect(second.body['refresh_token']).not.toBe(first.body['refresh_token']);
      const third = await postJson(tokenUrl, {
        grant_type: 'refresh_token',
        refresh_token: second.body['refresh_token'],
        client_id: SVC_A.id,
        client_secret: SVC_A.secret,
        scope: 'a:read',
      });
      expect(third.status).toBe(200);
      expect(third.body['scope']).toBe('a:read');
      const { payload } = await verify(third.body['access_token'] as string);
      expect(payload).toMatchObject({ sub: SVC_A.id, roles: ['service'], scope: 'a:read' });
    });
  });

  describe('errors', () => {
    const svcA = { authorization: basic(SVC_A.id, SVC_A.secret) };

    it('invalid_request: missing grant_type, missing parameters, repeated parameters, bad bodies', async () => {
      expectError(await postForm(tokenUrl, {}, svcA), 400, 'invalid_request');
      expectError(
        await postJson(
          tokenUrl,
          { grant_type: 'password', username: ALICE.username },
          { authorization: basic(WEB.id, WEB.secret) },
        ),
        400,
        'invalid_request',
      );
      expectError(await postJson(tokenUrl, { grant_type: 'refresh_token' }, svcA), 400, 'invalid_request');
      expectError(
        await postRaw(
          tokenUrl,
          'grant_type=client_credentials&grant_type=password',
          'application/x-www-form-urlencoded',
          svcA,
        ),
        400,
        'invalid_request',
      );
      expectError(
        await postJson(tokenUrl, { grant_type: ['client_credentials'] }, svcA),
        400,
        'invalid_request',
      );
      expectError(
        await postJson(tokenUrl, { grant_type: 'client_credentials', scope: 42 }, svcA),
        400,
        'invalid_request',
      );
      expectError(
        await postRaw(tokenUrl, '{"grant_type":', 'application/json', svcA),
        400,
        'invalid_request',
      );
      expectError(
        await postRaw(tokenUrl, 'grant_type=client_credentials', 'text/plain', svcA),
        400,
        'invalid_request',
      );
      expectError(await postJson(tokenUrl, ['client_credentials'], svcA), 400, 'invalid_request');
    });

    it('a body over the limit: 413 in the OAuth error shape, form or JSON', async () => {
      const large = 'x'.repeat(70 * 1024);
      expectError(
        await postRaw(
          tokenUrl,
          `grant_type=client_credentials&scope=${large}`,
          'application/x-www-form-urlencoded',
          svcA,
        ),
        413,
        'invalid_request',
      );
      expectError(
        await postJson(tokenUrl, { grant_type: 'client_credentials', scope: large }, svcA),
        413,
        'invalid_request',
      );
    });

    it('invalid_request: Basic and body credentials together', async () => {
      expectError(
        await postForm(tokenUrl, { grant_type: 'client_credentials', client_secret: SVC_A.secret }, svcA),
        400,
        'invalid_request',
      );
      expectError(
        await postForm(tokenUrl, { grant_type: 'client_credentials', client_id: SVC_B.id }, svcA),
        400,
        'invalid_request',
      );
    });

    it('invalid_client: 401 with WWW-Authenticate when Basic was used, 401 without it for body credentials', async () => {
      const wrongBasic = await postForm(
        tokenUrl,
        { grant_type: 'client_credentials' },
        { authorization: basic(SVC_A.id, 'wrong') },
      );
      expectError(wrongBasic, 401, 'invalid_client');
      expect(wrongBasic.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
      const malformed = await postForm(
        tokenUrl,
        { grant_type: 'client_credentials' },
        { authorization: 'Basic !!!' },
      );
      expectError(malformed, 401, 'invalid_client');
      expect(malformed.headers.get('www-authenticate')).toMatch(/^Basic/);
      const wrongBody = await postJson(tokenUrl, {
        grant_type: 'client_credentials',
        client_id: SVC_A.id,
        client_secret: 'wrong',
      });
      expectError(wrongBody, 401, 'invalid_client');
      expect(wrongBody.headers.get('www-authenticate')).toBeNull();
      expectError(
        await postJson(tokenUrl, {
          grant_type: 'client_credentials',
          client_id: 'nobody',
          client_secret: 'x',
        }),
        401,
        'invalid_client',
      );
      expectError(await postJson(tokenUrl, { grant_type: 'client_credentials' }), 401, 'invalid_client');
      expectError(
        await postJson(tokenUrl, {
          grant_type: 'password',
          username: ALICE.username,
          password: ALICE.password,
          client_id: WEB.id,
        }),
        401,
        'invalid_client',
      );
    });

    it('invalid_grant: wrong password, unknown user, bad refresh tokens, another client’s refresh token', async () => {
      const web = { authorization: basic(WEB.id, WEB.secret) };
      expectError(
        await postForm(tokenUrl, { grant_type: 'password', username: ALICE.username, password: 'nope' }, web),
        400,
        'invalid_grant',
      );
      expectError(
        await postForm(tokenUrl, { grant_type: 'password', username: 'ghost', password: 'nope' }, web),
        400,
        'invalid_grant',
      );
      expectError(
        await postForm(tokenUrl, { grant_type: 'refresh_token', refresh_token: 'not-a-jwt' }, svcA),
        400,
        'invalid_grant',
      );
      const access = await postForm(tokenUrl, { grant_type: 'client_credentials' }, svcA);
      expectError(
        await postForm(
          tokenUrl,
          { grant_type: 'refresh_token', refresh_token: access.body['access_token'] as string },
          svcA,
        ),
        400,
        'invalid_grant',
      );
      const alice = await postForm(
        tokenUrl,
        { grant_type: 'password', username: ALICE.username, password: ALICE.password },
        web,
      );
      expectError(
        await postForm(
          tokenUrl,
          { grant_type: 'refresh_token', refresh_token: alice.body['refresh_token'] as string },
          svcA,
        ),
        400,
        'invalid_grant',
      );
      // The failed attempt by another client did not consume it.
      expect(
        (
          await postForm(
            tokenUrl,
            { grant_type: 'refresh_token', refresh_token: alice.body['refresh_token'] as string },
            web,
          )
        ).status,
      ).toBe(200);
    });

    it('unauthorized_client: a grant the client may not use; client_credentials for a public client', async () => {
      expectError(
        await postForm(
          tokenUrl,
          { grant_type: 'password', username: ALICE.username, password: ALICE.password },
          svcA,
        ),
        400,
        'unauthorized_client',
      );
      expectError(
        await postForm(
          tokenUrl,
          { grant_type: 'refresh_token', refresh_token: 'x' },
          { authorization: basic(SVC_B.id, SVC_B.secret) },
        ),
        400,
        'unauthorized_client',
      );
      expectError(
        await postForm(tokenUrl, { grant_type: 'client_credentials', client_id: SPA.id }),
        400,
        'unauthorized_client',
      );
    });

    it('unsupported_grant_type', async () => {
      expectError(
        await postForm(tokenUrl, { grant_type: 'authorization_code', code: 'x' }, svcA),
        400,
        'unsupported_grant_type',
      );
      expectError(
        await postJson(tokenUrl, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code' }, svcA),
        400,
        'unsupported_grant_type',
      );
    });

    it('invalid_scope: outside the client’s scopes, malformed, or wider than the refresh token’s', async () => {
      expectError(
        await postForm(tokenUrl, { grant_type: 'client_credentials', scope: 'a:read admin' }, svcA),
        400,
        'invalid_scope',
      );
      expectError(
        await postForm(tokenUrl, { grant_type: 'client_credentials', scope: 'a:read "x"' }, svcA),
        400,
        'invalid_scope',
      );
      const narrow = await postForm(tokenUrl, { grant_type: 'client_credentials', scope: 'a:read' }, svcA);
      const refresh = narrow.body['refresh_token'] as string;
      expectError(
        await postForm(
          tokenUrl,
          { grant_type: 'refresh_token', refresh_token: refresh, scope: 'a:write' },
          svcA,
        ),
        400,
        'invalid_scope',
      );
      // Refused before consumption: the token still works.
      expect(
        (await postForm(tokenUrl, { grant_type: 'refresh_token', refresh_token: refresh }, svcA)).status,
      ).toBe(200);
    });
  });

  describe('what the platform adds (on fastify)', () => {
    it('serves OpenAPI at /docs, health, and request timings by route at /metrics', async () => {
      await postForm(
        tokenUrl,
        { grant_type: 'client_credentials' },
        { authorization: basic(SVC_A.id, SVC_A.secret) },
      );
      const docs = await fetch(`${auth.url}/docs`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toContain('swagger');
      // Builds the OpenAPI document of every controller.
      expect(await (await fetch(`${auth.url}/docs/swagger-ui-init.js`)).text()).toContain('/oauth/token');
      expect((await fetch(`${auth.url}/health/ready`)).status).toBe(200);
      const metrics = await (await fetch(`${auth.url}/metrics`)).text();
      expect(metrics).toMatch(
        /http_request_duration_seconds_count\{method="POST",route="\/oauth\/token",status="200"\} \d+/,
      );
    });
  });
});
