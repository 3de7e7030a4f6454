/** The parts of an OpenAPI 3 document the docs suites look at. */
export interface OpenApiDocument {
  components: { securitySchemes?: Record<string, { type: string; scheme?: string }> };
  paths: Record<string, Record<string, OpenApiOperation>>;
}

export interface OpenApiOperation {
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, { schema: OpenApiSchema }> };
  responses: Record<string, { content?: Record<string, { schema: OpenApiSchema }> }>;
}

export interface OpenApiSchema {
  type?: string;
  properties?: Record<string, OpenApiSchema & { enum?: unknown[] }>;
  required?: string[];
  items?: OpenApiSchema;
  anyOf?: OpenApiSchema[];
}

/** The document behind an app's Swagger page (`/docs-json`), after checking the page itself is served. */
export async function fetchOpenApiDocument(baseUrl: string): Promise<OpenApiDocument> {
  const page = await fetch(`${baseUrl}/docs`);
  if (page.status !== 200 || !(await page.text()).includes('swagger-ui'))
    throw new Error(`no Swagger UI at ${baseUrl}/docs (${page.status})`);
  const response = await fetch(`${baseUrl}/docs-json`);
  if (response.status !== 200)
    throw new Error(`no OpenAPI document at ${baseUrl}/docs-json (${response.status})`);
  return (await response.json()) as OpenApiDocument;
}

/** Property names of an operation's JSON (or form) request body schema. */
export function bodyFields(operation: OpenApiOperation | undefined, type = 'application/json'): string[] {
  return Object.keys(operation?.requestBody?.content[type]?.schema.properties ?? {});
}

/** Property names of the schema of one response (array responses: of their items). */
export function responseFields(operation: OpenApiOperation | undefined, status: string): string[] {
  const schema = operation?.responses[status]?.content?.['application/json']?.schema;
  return Object.keys((schema?.type === 'array' ? schema.items : schema)?.properties ?? {});
}
