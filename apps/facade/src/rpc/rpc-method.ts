/** One JSON-RPC method of the facade. Throw JsonRpcException to answer with a specific error. */
export interface RpcMethod {
  readonly name: string;
  call(params: unknown): unknown;
}

/** DI token of the list of methods the dispatcher routes to. */
export const RPC_METHODS = Symbol('RPC_METHODS');
