import {
  type JsonRpcErrorObject,
  type JsonRpcId,
  type JsonRpcResponse,
  JsonRpcErrorCode,
  jsonRpcError,
  jsonRpcFailure,
  jsonRpcSuccess,
} from '@gatehouse/protocol';

export const success = (id: JsonRpcId, result: unknown): JsonRpcResponse => jsonRpcSuccess(id, result);
export const failure = (id: JsonRpcId, error: JsonRpcErrorObject): JsonRpcResponse =>
  jsonRpcFailure(id, error);
export const failureCode = (id: JsonRpcId, code: number, message?: string, data?: unknown): JsonRpcResponse =>
  jsonRpcFailure(id, jsonRpcError(code, message, data));

/**
 * Serializes one answer or a batch of answers. A value JSON cannot carry (a BigInt, a cycle: only
 * possible from a bug) turns that answer alone into 1108, so the client still learns its id failed.
 */
export function encodeResponses(responses: JsonRpcResponse | readonly JsonRpcResponse[]): string {
  if (!Array.isArray(responses)) return encodeOne(responses as JsonRpcResponse);
  return `[${(responses as readonly JsonRpcResponse[]).map(encodeOne).join(',')}]`;
}

function encodeOne(response: JsonRpcResponse): string {
  try {
    return JSON.stringify(response);
  } catch {
    return JSON.stringify(failureCode(response.id, JsonRpcErrorCode.AnswerSerializationError));
  }
}

/** A server-to-client notification (the `sign` push, `transfer` deliveries). */
export function encodeNotification(method: string, params: unknown): string {
  return JSON.stringify(
    params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params },
  );
}
