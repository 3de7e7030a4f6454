import type { ValidateFunction } from 'ajv';

let validate: Promise<ValidateFunction> | undefined;

/**
 * Checks a document against the official OpenRPC meta-schema (@open-rpc/meta-schema), whose method
 * params and results refer to the JSON Schema meta-schema it is published with
 * (@json-schema-tools/meta-schema). Returns the problems found; an empty list means valid.
 */
export async function openRpcProblems(document: unknown): Promise<string[]> {
  validate ??= compile();
  const check = await validate;
  if (check(document)) return [];
  return (check.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`,
  );
}

/** Loaded on first use, so that suites importing @gatehouse/testing for other helpers do not pay for it. */
async function compile(): Promise<ValidateFunction> {
  const [{ Ajv }, jsonSchemaPackage, openRpcPackage] = await Promise.all([
    import('ajv'),
    import('@json-schema-tools/meta-schema'),
    import('@open-rpc/meta-schema'),
  ]);
  // Both packages export the schema object at run time, but their typings declare only its types.
  const { jsonSchema } = jsonSchemaPackage as unknown as { jsonSchema: object };
  const { openrpcDocument } = openRpcPackage as unknown as { openrpcDocument: object };
  // Both meta-schemas name their own dialect in `$schema`, which is draft 7 with extra titles:
  // ajv is told not to look that dialect up, and checks documents with its draft-7 rules.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, validateFormats: false });
  // The OpenRPC schema refers to it both with and without the trailing slash of its `$id`.
  ajv.addSchema(jsonSchema);
  ajv.addSchema({ ...jsonSchema, $id: 'https://meta.json-schema.tools' });
  return ajv.compile(openrpcDocument);
}
