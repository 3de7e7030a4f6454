import { JsonRpcErrorCode } from '@gatehouse/protocol';

/**
 * The facade's own JSON-RPC error codes. A method that needs a signed-in user answers anonymous
 * callers with the gate's "access denied" code (1101), which clients already handle; the others
 * are in the implementation-defined server range (-32000 .. -32099).
 */
export const FacadeErrorCode = Object.freeze({
  AuthenticationRequired: JsonRpcErrorCode.AccessDenied,
  TooManySubscriptions: -32001,
} as const);
