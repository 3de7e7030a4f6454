/**
 * JSON-RPC error codes a client of the gate meets: the standard ones, the gate's own (PROTOCOL.md
 * 3.3) and the gate's limit codes. The same numbers as `JsonRpcErrorCode` of @gatehouse/protocol
 * (a spec holds them equal); repeated here because this library ships to browsers with no
 * dependencies, and the protocol lib carries zod, jose and Nest.
 */
export const RpcCode = Object.freeze({
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  RateLimited: -32000,
  /** @deprecated Retired: calls over the in-flight limit now wait (PROTOCOL.md 3.7); no gate sends it. */
  TooManyInFlight: -32001,
  ShuttingDown: -32002,
  AccessDenied: 1101,
  InvalidAuthFormat: 1102,
  AuthRejected: 1103,
  FacadeUnavailable: 1104,
  ClientNotFound: 1105,
  ChannelFatal: 1106,
  AnswerInternalError: 1107,
  AnswerSerializationError: 1108,
} as const);

/** WebSocket close codes the gate uses (RFC 6455 7.4.1), and the ones a browser reports itself. */
export const CloseCode = Object.freeze({
  Normal: 1000,
  GoingAway: 1001,
  UnsupportedData: 1003,
  /** No close frame: the connection was refused or cut (what a browser reports for both). */
  Abnormal: 1006,
  InvalidPayload: 1007,
  PolicyViolation: 1008,
  TooBig: 1009,
  InternalError: 1011,
  ServiceRestart: 1012,
  TryAgainLater: 1013,
  /** The gate's login deadline: the connection stayed anonymous for GATE_LOGIN_TIMEOUT_MS. */
  LoginTimeout: 4408,
} as const);

/**
 * What the client does after the gate closed the socket with a code:
 * - `soon`: the server is going away or restarting (1001, 1012). The connection was fine, so the
 *   backoff starts over: the next attempt comes after the first (jittered) delay.
 * - `later`: the client broke a rule (1003, 1007, 1008 policy violation, 1009 message too big):
 *   retrying as is would be refused again, so never at once: the backoff goes on growing from at
 *   least its fourth step, and the call that caused it is not sent again (no call ever is).
 * - `backoff`: anything else, including codes this library does not know (a newer gate's): the
 *   next step of the jittered exponential backoff. 4408 (login deadline) is one: the next
 *   connection logs in at once when `login` is set, and an anonymous client simply comes back.
 */
export type ClosePolicy = 'soon' | 'later' | 'backoff';

export function closePolicy(code: number): ClosePolicy {
  if (code === CloseCode.GoingAway || code === CloseCode.ServiceRestart) return 'soon';
  if (
    code === CloseCode.PolicyViolation ||
    code === CloseCode.TooBig ||
    code === CloseCode.UnsupportedData ||
    code === CloseCode.InvalidPayload
  ) {
    return 'later';
  }
  return 'backoff';
}
