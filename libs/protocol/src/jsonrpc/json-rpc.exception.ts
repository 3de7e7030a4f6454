import { jsonRpcError } from './json-rpc-error-code';
import type { JsonRpcErrorObject } from './json-rpc.types';

/**
 * Thrown by a service handler to answer with a specific JSON-RPC error; the transport maps it to
 * the `error` member verbatim, while any other error becomes -32603 without leaking its message.
 */
export class JsonRpcException extends Error {
  readonly error: JsonRpcErrorObject;

  constructor(code: number, message?: string, data?: unknown) {
    const error = jsonRpcError(code, message, data);
    super(error.message);
    this.name = 'JsonRpcException';
    this.error = error;
  }

  static fromErrorObject(error: JsonRpcErrorObject): JsonRpcException {
    return new JsonRpcException(error.code, error.message, error.data);
  }
}
