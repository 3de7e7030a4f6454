import { bodyFields, fetchOpenApiDocument, type OpenApiDocument, responseFields } from '@gatehouse/testing';
import { useProvider } from './support/provider-harness';

/** The provider's Swagger page: schemes, bodies and answers, from the running app. */
describe('discovery provider: OpenAPI at /docs', () => {
  const h = useProvider('discovery-openapi');
  let document: OpenApiDocument;
  beforeAll(async () => (document = await fetchOpenApiDocument(h.provider.url)));

  it('registers the bearer and basic schemes and marks the admin routes as bearer', () => {
    expect(document.components.securitySchemes).toMatchObject({
      bearer: { scheme: 'bearer' },
      basic: { scheme: 'basic' },
    });
    for (const [path, method] of [
      ['/admin/configuration-tokens', 'post'],
      ['/admin/configuration-tokens', 'get'],
      ['/explorer/services', 'get'],
    ] as const) {
      expect(document.paths[path]![method]!.security).toEqual([{ bearer: [] }]);
    }
  });

  it('shows request and response bodies from the zod schemas', () => {
    const register = document.paths['/register']!['post']!;
    expect(bodyFields(register)).toEqual(['token', 'signature']);
    expect(responseFields(register, '200')).toEqual(['status', 'name', 'instanceId', 'revision']);
    const problem = register.responses['401']?.content?.['application/problem+json']?.schema;
    expect(Object.keys(problem?.properties ?? {})).toEqual(['type', 'title', 'status', 'detail', 'code']);
    const issue = document.paths['/admin/configuration-tokens']!['post']!;
    expect(bodyFields(issue)).toEqual(['name', 'permissions', 'expiresIn']);
    expect(responseFields(issue, '201')).toEqual(['token', 'jti', 'name', 'permissions', 'expiresAt']);
    expect(responseFields(document.paths['/admin/configuration-tokens']!['get'], '200')).not.toContain(
      'token',
    );
    expect(responseFields(document.paths['/explorer/instances']!['get'], '200')).toEqual(
      expect.arrayContaining(['service', 'health', 'lastSeenAt']),
    );
    expect(responseFields(document.paths['/explorer/graph']!['get'], '200')).toEqual(['nodes', 'edges']);
  });
});
