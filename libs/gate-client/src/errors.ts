import { closePolicy, type ClosePolicy } from './codes';

/** Base of every error this library throws or rejects with: `instanceof GateClientError`. */
export class GateClientError extends Error {
  override name = 'GateClientError';
}

/**
 * The gate (or the facade behind it) answered a call with a JSON-RPC error. `code` is the number
 * as received, known or not (compare with `RpcCode`); `data` is the error's data, if any.
 */
export class RpcError extends GateClientError {
  override name = 'RpcError';
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/**
 * The socket closed while the call was in flight (or before the client could connect). `code` is
 * the WebSocket close code as received (1006 when there was no close frame), `reason` its text.
 */
export class ConnectionClosedError extends GateClientError {
  override name = 'ConnectionClosedError';
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(`connection closed (${code}${reason ? ` ${reason}` : ''})`);
  }

  /** What the client does about it (see `closePolicy`). */
  get policy(): ClosePolicy {
    return closePolicy(this.code);
  }
}

/** No answer within the call's timeout; a late answer is dropped. */
export class TimeoutError extends GateClientError {
  override name = 'TimeoutError';
}

/** The call's `AbortSignal` fired; `cause` is the signal's reason. */
export class AbortedError extends GateClientError {
  override name = 'AbortedError';
}
