import { JsonRpcException, jsonRpcResponseSchema } from '@gatehouse/protocol';
import { DiscoveryClientError, DiscoveryClientErrorCode } from '../errors/discovery-client.error';
import type { PeerResponse } from './peer-response';

let nextId = 1;

/** A JSON-RPC 2.0 request object with a process-unique numeric id. */
export function jsonRpcRequest(
  method: string,
  params: unknown,
): { jsonrpc: '2.0'; id: number; method: string; params?: unknown } {
  const id = nextId++;
  return params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params };
}

/**
 * The result of a peer's JSON-RPC answer; its `error` becomes a JsonRpcException (code, message and
 * data verbatim), anything that is not a JSON-RPC response to our id a `bad_response` error.
 */
export function jsonRpcResult<T>(response: PeerResponse, id: number): T {
  let parsed: unknown;
  try {
    parsed = response.json();
  } catch {
    throw badResponse(response, 'the body is not JSON');
  }
  const checked = jsonRpcResponseSchema.safeParse(parsed);
  if (!checked.success) throw badResponse(response, 'the body is not a JSON-RPC response');
  const answer = checked.data;
  if ('error' in answer) throw JsonRpcException.fromErrorObject(answer.error);
  if (answer.id !== id) throw badResponse(response, `answer id ${String(answer.id)} is not ${id}`);
  return answer.result as T;
}

function badResponse(response: PeerResponse, why: string): DiscoveryClientError {
  return new DiscoveryClientError(DiscoveryClientErrorCode.BadResponse, `HTTP ${response.status}: ${why}`, {
    status: response.status,
  });
}
