// Public API of @gatehouse/facade-kit: what a team needs to write its own facade behind the gate.
export { FacadeKitModule } from './facade-kit.module';
export { FACADE_KIT_OPTIONS, type FacadeKitOptions, type FacadeMethod } from './facade-kit.options';
export {
  JsonRpcDispatcher,
  MAX_BATCH,
  type ServiceInfo,
  type DispatcherAnswer,
} from './rpc/json-rpc-dispatcher';
export type { RpcMethod } from './rpc/rpc-method';
export { parseEnvelope, parseParams } from './rpc/params';
export { GateOnlyGuard } from './guard/gate-only.guard';
export { attachGateLink, type GateLinkOptions, LINK_CLOSE_UNAUTHORIZED } from './link/gate-link';
export { GateLinkServer } from './link/gate-link.server';
export { OfflineNotices, type OfflineListener } from './offline/offline-notices';
export { GateTransfer, type PushMessage } from './transfer/gate-transfer';
export { JsonRpcBodyErrorFilter, writeJsonRpcBodyError, type JsonRpcReply } from './http/json-rpc-body-error';
// What a method needs from the protocol, so that a facade depends on this package alone.
export { JsonRpcErrorCode, JsonRpcException } from '@gatehouse/protocol';
export type { GateEnvelope, OfflineParams, RpcMethodDescription } from '@gatehouse/protocol';
