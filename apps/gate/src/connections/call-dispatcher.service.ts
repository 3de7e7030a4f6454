import { Inject, Injectable } from '@nestjs/common';
import {
  type JsonRpcFailure,
  type JsonRpcId,
  type JsonRpcResponse,
  JsonRpcErrorCode,
  JsonRpcException,
  RPC_DISCOVER,
  takeToken,
} from '@gatehouse/protocol';
import { AuthorizationService } from '../authorization/authorization.service';
import { GATE_CONFIG, type GateConfig } from '../config';
import { ApiDocument } from '../discovery-doc/api-document.service';
import { ForwardingService } from '../forwarding/forwarding.service';
import { failure, failureCode, type JsonRpcCall, type Outcome, success } from '../jsonrpc';
import { GateMetrics } from '../metrics/gate-metrics.service';
import { CloseCode, type ClientConnection } from './client-connection';

/**
 * JSON-RPC server error codes (-32000..-32099) for the per-connection limits. -32001 (too many in
 * flight) is retired: calls over GATE_MAX_IN_FLIGHT now wait (PROTOCOL.md 3.7), and the number is
 * not reused.
 */
export const LimitCode = Object.freeze({ RateLimited: -32000, ShuttingDown: -32002 } as const);

/**
 * Decides what one call becomes: limits first, then the gate's own methods, then the access check
 * and forwarding. Sync answers stay sync (a local method costs no promise). Calls over the
 * in-flight limit wait on the connection while its socket is paused (backpressure); only the rate
 * limit refuses.
 */
@Injectable()
export class CallDispatcher {
  private readonly limits: GateConfig['limits'];

  constructor(
    @Inject(GATE_CONFIG) config: GateConfig,
    private readonly authorization: AuthorizationService,
    private readonly forwarding: ForwardingService,
    private readonly metrics: GateMetrics,
    private readonly api: ApiDocument,
  ) {
    this.limits = config.limits;
  }

  invoke(connection: ClientConnection, call: JsonRpcCall): Outcome {
    const id = call.id ?? null;
    this.metrics.calls++;
    if (connection.draining)
      return failureCode(id, LimitCode.ShuttingDown, 'Server is shutting down, reconnect');
    const now = Date.now();
    if (!takeToken(connection, now, this.limits.ratePerSec, this.limits.rateBurst)) {
      return this.refuse(connection, id, LimitCode.RateLimited, 'Rate limit exceeded');
    }
    connection.refusedInRow = 0;
    // Over the in-flight limit the call waits its turn (after any already waiting) rather than being refused.
    if (connection.waiting !== undefined || connection.inFlight >= this.limits.maxInFlight)
      return this.wait(connection, call);
    return this.run(connection, call, now);
  }

  /**
   * A frame or batch member that is not a valid request: answered with its error, but it costs a
   * rate token and counts towards the abuse close like a refused call, so garbage is never a free
   * way to keep the gate busy.
   */
  invalid(connection: ClientConnection, failure: JsonRpcFailure): JsonRpcResponse {
    this.metrics.calls++;
    if (!takeToken(connection, Date.now(), this.limits.ratePerSec, this.limits.rateBurst)) {
      return this.refuse(connection, failure.id, LimitCode.RateLimited, 'Rate limit exceeded');
    }
    this.strike(connection);
    return failure;
  }

  private run(connection: ClientConnection, call: JsonRpcCall, now: number): Outcome {
    const id = call.id ?? null;
    switch (call.method) {
      case 'auth.generateSecret':
        if (!this.authorization.enabled) break;
        return success(id, this.authorization.generateSecret(connection, now));
      case 'auth.authorize':
        if (!this.authorization.enabled) break;
        return this.track(
          connection,
          this.authorization.authorize(connection, call.params).then(
            (r) => success(id, r),
            (e: unknown) => this.failed(id, e),
          ),
        );
      case RPC_DISCOVER:
        return this.track(
          connection,
          this.api.document().then((document) => success(id, document)),
        );
      default:
        break;
    }
    if (!this.authorization.allows(connection, call.method, now)) {
      return failureCode(id, JsonRpcErrorCode.AccessDenied, undefined, { method: call.method });
    }
    this.metrics.forwarded++;
    return this.track(connection, this.forwarding.forward(connection, call));
  }

  /** Parks a call and stops reading the socket: TCP pushes back on the client until answers go out. */
  private wait(connection: ClientConnection, call: JsonRpcCall): Promise<JsonRpcResponse | undefined> {
    connection.pause();
    return new Promise((resolve) => (connection.waiting ??= []).push({ call, resolve }));
  }

  /** A call finished: start waiting ones while there is room, and read again once none wait. */
  private release(connection: ClientConnection): void {
    const waiting = connection.waiting;
    if (waiting === undefined) return;
    while (waiting.length > 0 && connection.inFlight < this.limits.maxInFlight) {
      const next = waiting.shift()!;
      next.resolve(this.runWaiting(connection, next.call));
    }
    if (waiting.length > 0) return;
    connection.waiting = undefined;
    connection.resume();
  }

  private runWaiting(connection: ClientConnection, call: JsonRpcCall): Outcome {
    const id = call.id ?? null;
    if (connection.draining)
      return failureCode(id, LimitCode.ShuttingDown, 'Server is shutting down, reconnect');
    try {
      return this.run(connection, call, Date.now());
    } catch {
      return failureCode(id, JsonRpcErrorCode.InternalError);
    }
  }

  private track(
    connection: ClientConnection,
    work: Promise<JsonRpcResponse | undefined>,
  ): Promise<JsonRpcResponse | undefined> {
    connection.inFlight++;
    // then(ok, fail) rather than finally(): finally allocates two extra promises per call.
    return work.then(
      (response) => {
        connection.inFlight--;
        this.release(connection);
        return response;
      },
      (error: unknown) => {
        connection.inFlight--;
        this.release(connection);
        throw error;
      },
    );
  }

  /** A refused call; a client that keeps getting refused is closed (1008). */
  private refuse(
    connection: ClientConnection,
    id: JsonRpcId,
    code: number,
    message: string,
  ): JsonRpcResponse {
    this.metrics.refused++;
    this.strike(connection);
    return failureCode(id, code, message);
  }

  /** One more bad request in a row; at GATE_ABUSE_LIMIT the connection is closed (1008). */
  private strike(connection: ClientConnection): void {
    if (++connection.refusedInRow >= this.limits.abuseLimit) {
      queueMicrotask(() =>
        connection.close(CloseCode.PolicyViolation, 'policy violation: request limits exceeded'),
      );
    }
  }

  private failed(id: JsonRpcId, error: unknown): JsonRpcResponse {
    if (error instanceof JsonRpcException) return failure(id, error.error);
    return failureCode(id, JsonRpcErrorCode.InternalError);
  }
}
