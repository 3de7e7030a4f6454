import type { JsonRpcErrorObject, JsonRpcFailure, JsonRpcId, JsonRpcSuccess } from './json-rpc.types';

export function jsonRpcSuccess<R>(id: JsonRpcId, result: R): JsonRpcSuccess<R> {
  return { jsonrpc: '2.0', id, result };
}

/** `id` is null when the request's id could not be read (parse error, invalid request). */
export function jsonRpcFailure(id: JsonRpcId, error: JsonRpcErrorObject): JsonRpcFailure {
  return { jsonrpc: '2.0', id, error };
}
