import type { RpcMethodDescription } from '@gatehouse/protocol';

/**
 * One JSON-RPC method of a facade. `params` is what the gate sent: the envelope (`parseEnvelope`)
 * with the client's own params inside. Throw JsonRpcException to answer with a specific error.
 */
export interface RpcMethod {
  readonly name: string;
  /** What `rpc.discover` says about the method, as the gate's clients call it; none: left out. */
  readonly description?: RpcMethodDescription;
  call(params: unknown): unknown;
}
