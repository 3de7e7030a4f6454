import * as jsonSchemaPackage from '@json-schema-tools/meta-schema';
import * as openRpcPackage from '@open-rpc/meta-schema';
import Ajv, { type ValidateFunction } from 'ajv';

// Both packages export the schema object at run time, but their typings declare only its types.
const { jsonSchema } = jsonSchemaPackage as unknown as { jsonSchema: object };
const { openrpcDocument } = openRpcPackage as unknown as { openrpcDocument: object };

let validate: ValidateFunction | undefined;

/**
 * Checks a document against the official OpenRPC meta-schema (@open-rpc/meta-schema), whose method
 * params and results refer to the JSON Schema meta-schema it is published with
 * (@json-schema-tools/meta-schema). Returns the problems found; an empty list means valid.
 */
export function openRpcProblems(document: unknown): string[] {
  validate ??= compile();
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`);
}

function compile(): ValidateFunction {
  // Both meta-schemas name their own dialect in `$schema`, which is draft 7 with extra titles:
  // ajv is told not to look that dialect up, and checks documents with its draft-7 rules.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, validateFormats: false });
  // The OpenRPC schema refers to it both with and without the trailing slash of its `$id`.
  ajv.addSchema(jsonSchema);
  ajv.addSchema({ ...jsonSchema, $id: 'https://meta.json-schema.tools' });
  return ajv.compile(openrpcDocument);
}
