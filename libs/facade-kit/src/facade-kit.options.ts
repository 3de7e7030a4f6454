import type { ModuleMetadata, Provider, Type } from '@nestjs/common';
import type { DiscoveryClientOptions } from '@gatehouse/discovery-client';
import type { ServiceInfo } from './rpc/json-rpc-dispatcher';
import type { RpcMethod } from './rpc/rpc-method';

/** A method as a Nest provider class (it may inject services) or a plain object. */
export type FacadeMethod = Type<RpcMethod> | RpcMethod;

/** What a facade gives `FacadeKitModule.forRoot`. */
export interface FacadeKitOptions {
  /** How this facade joins discovery (its configuration token must permit `gate`, for pushes). */
  discovery: DiscoveryClientOptions;
  /** The JSON-RPC methods the gate forwards to; `offline` and `rpc.discover` are built in. */
  methods: readonly FacadeMethod[];
  /** Modules the method classes need (their dependencies are resolved in the kit's module). */
  imports?: ModuleMetadata['imports'];
  /** Services the method classes inject; also exported to the rest of the app. */
  providers?: Provider[];
  /** `info` of the OpenRPC document `rpc.discover` answers with. */
  info?: ServiceInfo;
  /** The service name whose pair tokens are accepted (default `gate`). */
  gateService?: string;
  /** Accept any caller, pair token or not: local debugging only (a warning is logged at start). */
  acceptAnyCaller?: boolean;
  /**
   * Answer a malformed or too large body with a JSON-RPC error (default true). An app that already
   * answers refused bodies itself (with `writeJsonRpcBodyError`) turns this off.
   */
  jsonRpcBodyErrors?: boolean;
  /**
   * Offer the gate a persistent WebSocket link on this app's port and `POST /` path (default true):
   * the gate then sends its calls over one multiplexed connection instead of an HTTP request each,
   * authenticated like `POST /`. `false`: HTTP only.
   */
  gateLink?: boolean;
  /** Told when a method throws something other than a JsonRpcException (the caller gets -32603). */
  onInternalError?: (method: string, error: unknown) => void;
}

export const FACADE_KIT_OPTIONS = Symbol('FACADE_KIT_OPTIONS');
