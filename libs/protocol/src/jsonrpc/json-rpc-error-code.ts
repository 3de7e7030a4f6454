import type { JsonRpcErrorObject } from './json-rpc.types';

/**
 * Standard JSON-RPC codes plus the gate's own codes (PROTOCOL.md 3.3). The numbers are part of the
 * wire contract: clients switch on them, so they never change.
 */
export const JsonRpcErrorCode = Object.freeze({
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  AccessDenied: 1101,
  InvalidAuthFormat: 1102,
  AuthRejected: 1103,
  FacadeUnavailable: 1104,
  ClientNotFound: 1105,
  ChannelFatal: 1106,
  AnswerInternalError: 1107,
  AnswerSerializationError: 1108,
} as const);

export type JsonRpcErrorCode = (typeof JsonRpcErrorCode)[keyof typeof JsonRpcErrorCode];

export const JSON_RPC_ERROR_MESSAGES: Readonly<Record<JsonRpcErrorCode, string>> = Object.freeze({
  [JsonRpcErrorCode.ParseError]: 'Parse error',
  [JsonRpcErrorCode.InvalidRequest]: 'Invalid Request',
  [JsonRpcErrorCode.MethodNotFound]: 'Method not found',
  [JsonRpcErrorCode.InvalidParams]: 'Invalid params',
  [JsonRpcErrorCode.InternalError]: 'Internal error',
  [JsonRpcErrorCode.AccessDenied]: 'Access denied: method is not allowed',
  [JsonRpcErrorCode.InvalidAuthFormat]: 'Access denied: invalid format of authorization data',
  [JsonRpcErrorCode.AuthRejected]: 'Access denied: authorization rejected',
  [JsonRpcErrorCode.FacadeUnavailable]: 'Error passing the request to the facade',
  [JsonRpcErrorCode.ClientNotFound]: 'Client not found',
  [JsonRpcErrorCode.ChannelFatal]: 'Fatal error in the gate or the channel',
  [JsonRpcErrorCode.AnswerInternalError]: 'Internal error while answering',
  [JsonRpcErrorCode.AnswerSerializationError]: 'The answer could not be serialized',
});

/** Codes this lib knows a default message for; a service may still use its own codes. */
export function isKnownJsonRpcErrorCode(code: number): code is JsonRpcErrorCode {
  return Object.hasOwn(JSON_RPC_ERROR_MESSAGES, code);
}

/** Builds an error object; `data` is left out when undefined so it never serializes as a key. */
export function jsonRpcError(code: number, message?: string, data?: unknown): JsonRpcErrorObject {
  const text = message ?? (isKnownJsonRpcErrorCode(code) ? JSON_RPC_ERROR_MESSAGES[code] : 'Server error');
  return data === undefined ? { code, message: text } : { code, message: text, data };
}
