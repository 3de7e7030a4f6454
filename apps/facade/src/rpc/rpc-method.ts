import type { RpcMethodDescription } from '@gatehouse/protocol';

/** One JSON-RPC method of the facade. Throw JsonRpcException to answer with a specific error. */
export interface RpcMethod {
  readonly name: string;
  /** What `rpc.discover` says about the method, as the gate's clients call it; none: left out. */
  readonly description?: RpcMethodDescription;
  call(params: unknown): unknown;
}

/** DI token of the list of methods the dispatcher routes to. */
export const RPC_METHODS = Symbol('RPC_METHODS');
