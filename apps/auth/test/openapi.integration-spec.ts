import { bodyFields, fetchOpenApiDocument, type OpenApiDocument, responseFields } from '@gatehouse/testing';
import {
  type AuthTestEnv,
  createAuthTestEnv,
  type RunningAuthApp,
  startAuthApp,
} from './support/auth-test-app';

/** The Swagger page users try the API with: its schemes, bodies and form fields, from the running app. */
describe('auth: OpenAPI at /docs', () => {
  let env: AuthTestEnv;
  let app: RunningAuthApp;
  let document: OpenApiDocument;

  beforeAll(async () => {
    env = await createAuthTestEnv('auth_openapi');
    app = await startAuthApp(env.env);
    document = await fetchOpenApiDocument(app.url);
  });

  afterAll(async () => {
    await app?.close();
    await env?.dispose();
  });

  it('registers the bearer and basic schemes, so the page can authorize', () => {
    expect(document.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      basic: { type: 'http', scheme: 'basic' },
    });
    expect(document.paths['/oauth/token']!['post']!.security).toEqual([{ basic: [] }]);
    expect(document.paths['/admin/users']!['post']!.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/admin/keys/rotate']!['post']!.security).toEqual([{ bearer: [] }]);
  });

  it('shows the token endpoint as form fields, form first, and its answers', () => {
    const token = document.paths['/oauth/token']!['post']!;
    expect(Object.keys(token.requestBody!.content)).toEqual([
      'application/x-www-form-urlencoded',
      'application/json',
    ]);
    const form = token.requestBody!.content['application/x-www-form-urlencoded']!.schema;
    expect(Object.keys(form.properties!).sort()).toEqual([
      'client_id',
      'client_secret',
      'grant_type',
      'password',
      'refresh_token',
      'scope',
      'username',
    ]);
    expect(form.properties!['grant_type']!.enum).toEqual(['password', 'client_credentials', 'refresh_token']);
    expect(form.required).toEqual(['grant_type']);
    expect(responseFields(token, '200')).toEqual(
      expect.arrayContaining(['access_token', 'token_type', 'expires_in', 'refresh_token']),
    );
    expect(responseFields(token, '400')).toEqual(['error', 'error_description']);
    expect(
      bodyFields(document.paths['/oauth/introspect']!['post'], 'application/x-www-form-urlencoded'),
    ).toEqual(expect.arrayContaining(['token', 'token_type_hint']));
    expect(responseFields(document.paths['/.well-known/jwks.json']!['get'], '200')).toEqual(['keys']);
  });

  it('shows request and response bodies generated from the schemas the requests are validated with', () => {
    const createUser = document.paths['/admin/users']!['post']!;
    expect(bodyFields(createUser)).toEqual(['username', 'password', 'roles', 'publicKeys']);
    expect(responseFields(createUser, '201')).toEqual(
      expect.arrayContaining(['username', 'roles', 'publicKeys']),
    );
    expect(bodyFields(document.paths['/admin/clients']!['post'])).toEqual([
      'clientId',
      'grants',
      'scopes',
      'roles',
    ]);
    expect(responseFields(document.paths['/admin/clients']!['post'], '201')).toContain('clientSecret');
    const challenge = document.paths['/challenge/verify']!['post']!;
    expect(bodyFields(challenge)).toEqual(['user', 'secret', 'sign', 'clientIp']);
    expect(responseFields(challenge, '200')).toEqual(['user', 'roles']);
  });
});
