// Public API of @gatehouse/gate-client: a browser and Node client of the gate (no dependencies).
export {
  connect,
  GateClient,
  type ClientOptions,
  type GateNotifications,
  type Login,
  type Status,
  type StatusEvent,
  type TokenSource,
} from './gate-client';
export type { CallOptions } from './pending-calls';
export { GateClientError, RpcError, ConnectionClosedError, TimeoutError, AbortedError } from './errors';
export { RpcCode, CloseCode, closePolicy, type ClosePolicy } from './codes';
export { backoffDelay, type BackoffOptions } from './backoff';
export { ed25519Signer, type Signer } from './ed25519-signer';
export type { SocketConstructor, SocketLike } from './socket';
