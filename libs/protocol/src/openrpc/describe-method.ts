import { z } from 'zod';
import { isKnownJsonRpcErrorCode, JSON_RPC_ERROR_MESSAGES } from '../jsonrpc/json-rpc-error-code';
import type { JsonSchema, OpenRpcContentDescriptor, OpenRpcError, OpenRpcMethod } from './openrpc.types';

/** A notification a method sends the caller afterwards (OpenRPC has no object for these). */
export interface NotificationDescription {
  method: string;
  summary: string;
  params: z.ZodType;
}

/**
 * How a JSON-RPC method describes itself, next to its code: zod schemas of what the caller sends and
 * gets back, the errors it answers with, and the notifications it pushes. Nothing here belongs to one
 * app: the gate, the example facade and any other facade use the same shape.
 */
export interface RpcMethodDescription {
  summary: string;
  description?: string;
  /** The caller's params, by name; absent when the method takes none. */
  params?: z.ZodObject;
  result: z.ZodType;
  /** A code with a standard meaning (JsonRpcErrorCode) needs no message; others must give one. */
  errors?: readonly (number | OpenRpcError)[];
  notifications?: readonly NotificationDescription[];
}

/** The OpenRPC method object of `name`, its JSON Schemas generated from the zod schemas. */
export function describeMethod(name: string, description: RpcMethodDescription): OpenRpcMethod {
  const method: OpenRpcMethod = {
    name,
    summary: description.summary,
    paramStructure: 'by-name',
    params: description.params ? namedParams(description.params) : [],
    result: { name: 'result', schema: jsonSchemaOf(description.result, 'output') },
  };
  if (description.description !== undefined) method.description = description.description;
  if (description.errors && description.errors.length > 0)
    method.errors = description.errors.map(errorObject);
  if (description.notifications && description.notifications.length > 0) {
    method['x-notifications'] = description.notifications.map((n) => ({
      method: n.method,
      summary: n.summary,
      params: jsonSchemaOf(n.params, 'output'),
    }));
  }
  return method;
}

/**
 * A zod schema as a JSON Schema (draft 7, the dialect OpenRPC 1.3 names). Params are described as
 * the caller may send them (`input`: a field with a default is optional), results as they come back.
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-07',
    io,
    unrepresentable: 'any',
  });
  return rest;
}

function namedParams(schema: z.ZodObject): OpenRpcContentDescriptor[] {
  const object = jsonSchemaOf(schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  const required = new Set(object.required ?? []);
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const descriptor: OpenRpcContentDescriptor = { name, required: required.has(name), schema: property };
    const text = typeof property === 'object' ? property['description'] : undefined;
    if (typeof text === 'string') descriptor.description = text;
    return descriptor;
  });
}

function errorObject(error: number | OpenRpcError): OpenRpcError {
  if (typeof error !== 'number') return error;
  if (!isKnownJsonRpcErrorCode(error)) throw new TypeError(`error ${error} needs a message`);
  return { code: error, message: JSON_RPC_ERROR_MESSAGES[error] };
}
