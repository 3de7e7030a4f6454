import type { Bucket, JsonRpcResponse } from '@gatehouse/protocol';
import { WebSocket } from 'ws';
import type { SecretStore } from '../authorization/secret-store';
import type { JsonRpcCall } from '../jsonrpc';

/** Close codes the gate uses (RFC 6455 7.4.1; 4xxx private). */
export const CloseCode = Object.freeze({
  GoingAway: 1001,
  PolicyViolation: 1008,
  TooBig: 1009,
  TryAgainLater: 1013,
  /** An anonymous connection that did not authorize within GATE_LOGIN_TIMEOUT_MS (HTTP 408's number). */
  LoginTimeout: 4408,
} as const);

/** A call read while GATE_MAX_IN_FLIGHT others were running: it starts when one of them ends. */
export interface WaitingCall {
  readonly call: JsonRpcCall;
  resolve(outcome: JsonRpcResponse | undefined | Promise<JsonRpcResponse | undefined>): void;
}

const NO_ROLES: readonly string[] = Object.freeze([]);
/** How long a closing socket may take to finish the close handshake before it is cut. */
const CLOSE_GRACE_MS = 5_000;

/**
 * One client's channel. Kept deliberately small (plain fields, no per-connection timers or
 * closures) because an idle connection must cost well under 10 KiB.
 */
export class ClientConnection implements Bucket {
  user: string | null = null;
  roles: readonly string[] = NO_ROLES;
  /** ms since epoch when a token login lapses; 0 when not logged in with a token. */
  tokenExpiresAt = 0;
  /** `jti` of the token this connection logged in with (revocation checks); undefined for a challenge login. */
  tokenId: string | undefined = undefined;
  secrets: SecretStore | undefined = undefined;
  /** Any frame (message or pong) since the last heartbeat. */
  alive = true;
  inFlight = 0;
  refusedInRow = 0;
  draining = false;
  closing = false;
  /** Reading is paused until calls in flight finish (backpressure instead of refusal). */
  paused = false;
  /** Calls over the in-flight limit, in arrival order; undefined (no array) while there are none. */
  waiting: WaitingCall[] | undefined = undefined;
  /** ms since epoch the socket opened: the login deadline counts from here. */
  readonly connectedAt: number;
  tokens: number;
  refilledAt: number;

  constructor(
    readonly channelId: string,
    readonly ip: string,
    private readonly socket: WebSocket,
    private readonly maxOutboundBytes: number,
    burst: number,
  ) {
    this.tokens = burst;
    this.refilledAt = this.connectedAt = Date.now();
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN && !this.closing;
  }

  /**
   * Sends one text frame. A client that does not read while its queue grows past the bound is
   * closed (1013): the gate never buffers without limit and never drops a frame silently.
   */
  send(text: string): boolean {
    if (!this.open) return false;
    if (this.socket.bufferedAmount + text.length > this.maxOutboundBytes) {
      this.close(CloseCode.TryAgainLater, 'slow consumer: outbound buffer full');
      return false;
    }
    this.socket.send(text);
    return true;
  }

  /** Stops reading frames (TCP then pushes back on the client) until `resume`. */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.socket.pause();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.socket.resume();
  }

  /** The socket closed: calls still waiting will never run, and nobody would read their answers. */
  dropWaiting(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    for (const w of waiting ?? []) w.resolve(undefined);
  }

  ping(): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.ping();
  }

  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.socket.close(code, reason);
    setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS).unref();
  }

  terminate(): void {
    this.closing = true;
    this.socket.terminate();
  }

  setAnonymous(): void {
    this.user = null;
    this.roles = NO_ROLES;
    this.tokenExpiresAt = 0;
    this.tokenId = undefined;
  }
}
