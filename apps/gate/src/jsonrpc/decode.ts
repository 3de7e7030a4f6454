import {
  type JsonRpcFailure,
  type JsonRpcId,
  JsonRpcErrorCode,
  jsonRpcError,
  jsonRpcFailure,
} from '@gatehouse/protocol';

/** One well-formed request object. `id` is undefined for a notification (no `id` member at all). */
export interface JsonRpcCall {
  readonly id: JsonRpcId | undefined;
  readonly method: string;
  /** Absent when the client sent none; otherwise an object or an array. */
  readonly params: unknown;
}

/** A request object that could not be accepted: its ready answer (spec 5.1: id null when unreadable). */
export type DecodedItem = JsonRpcCall | JsonRpcFailure;

export type Decoded =
  | { readonly kind: 'single'; readonly item: DecodedItem }
  | { readonly kind: 'batch'; readonly items: readonly DecodedItem[] }
  /** The whole message is refused with one answer: parse error, empty or oversized batch. */
  | { readonly kind: 'reject'; readonly response: JsonRpcFailure };

export function isCall(item: DecodedItem): item is JsonRpcCall {
  return 'method' in item;
}

export const isNotification = (call: JsonRpcCall): boolean => call.id === undefined;

/** Parses one WebSocket message (JSON-RPC 2.0 sections 4-6). Pure: never throws on any input. */
export function decodeMessage(text: string, maxBatch: number): Decoded {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'reject', response: jsonRpcFailure(null, jsonRpcError(JsonRpcErrorCode.ParseError)) };
  }
  return decodeValue(value, maxBatch);
}

/** The same for a body already parsed as JSON (the connector's HTTP requests). */
export function decodeValue(value: unknown, maxBatch: number): Decoded {
  if (!Array.isArray(value)) return { kind: 'single', item: decodeRequest(value) };
  if (value.length === 0) return { kind: 'reject', response: invalid(null, 'empty batch') };
  if (value.length > maxBatch) {
    return { kind: 'reject', response: invalid(null, `batch larger than ${maxBatch} requests`) };
  }
  return { kind: 'batch', items: value.map(decodeRequest) };
}

/** An invalid request's id is echoed only up to this length: an error answer never amplifies junk. */
export const MAX_ECHOED_INVALID_ID_LENGTH = 128;

/**
 * Validates one request object (section 4). An invalid request's id is echoed only when it is a
 * legal id, and a string id only up to MAX_ECHOED_INVALID_ID_LENGTH characters (else null).
 */
export function decodeRequest(value: unknown): DecodedItem {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return invalid(null, 'not an object');
  const request = value as Record<string, unknown>;
  const hasId = Object.hasOwn(request, 'id');
  const id = request['id'];
  const idOk =
    !hasId || id === null || typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));
  const echoable = idOk && !(typeof id === 'string' && id.length > MAX_ECHOED_INVALID_ID_LENGTH);
  const answerId: JsonRpcId = hasId && echoable ? (id as JsonRpcId) : null;
  if (!idOk) return invalid(null, 'id must be a string, a number or null');
  if (request['jsonrpc'] !== '2.0') return invalid(answerId, 'jsonrpc must be exactly "2.0"');
  const method = request['method'];
  if (typeof method !== 'string') return invalid(answerId, 'method must be a string');
  const params = request['params'];
  if (params !== undefined && (typeof params !== 'object' || params === null)) {
    return invalid(answerId, 'params must be an object or an array');
  }
  return { id: hasId ? (id as JsonRpcId) : undefined, method, params };
}

function invalid(id: JsonRpcId, reason: string): JsonRpcFailure {
  return jsonRpcFailure(id, jsonRpcError(JsonRpcErrorCode.InvalidRequest, undefined, { reason }));
}
