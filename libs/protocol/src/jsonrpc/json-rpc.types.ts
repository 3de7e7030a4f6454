// JSON-RPC 2.0 message shapes (https://www.jsonrpc.org/specification), shared by the gate, the facade
// and any service that speaks JSON-RPC over HTTP.

export type JsonRpcId = string | number | null;

/** Positional or named parameters; the spec allows nothing else. */
export type JsonRpcParams = Record<string, unknown> | unknown[];

export interface JsonRpcRequest<P = JsonRpcParams> {
  jsonrpc: '2.0';
  method: string;
  params?: P;
  id: JsonRpcId;
}

/** A request without `id`: the server must not answer it. */
export interface JsonRpcNotification<P = JsonRpcParams> {
  jsonrpc: '2.0';
  method: string;
  params?: P;
}

export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

export interface JsonRpcSuccess<R = unknown> {
  jsonrpc: '2.0';
  id: JsonRpcId;
  result: R;
}

export interface JsonRpcFailure {
  jsonrpc: '2.0';
  id: JsonRpcId;
  error: JsonRpcErrorObject;
}

export type JsonRpcResponse<R = unknown> = JsonRpcSuccess<R> | JsonRpcFailure;
