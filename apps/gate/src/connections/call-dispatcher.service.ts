import { Inject, Injectable } from '@nestjs/common';
import { type JsonRpcId, type JsonRpcResponse, JsonRpcErrorCode, JsonRpcException, RPC_DISCOVER } from '@gatehouse/protocol';
import { AuthorizationService } from '../authorization/authorization.service';
import { GATE_CONFIG, type GateConfig } from '../config';
import { ApiDocument } from '../discovery-doc/api-document.service';
import { ForwardingService } from '../forwarding/forwarding.service';
import { failure, failureCode, type JsonRpcCall, type Outcome, success } from '../jsonrpc';
import { GateMetrics } from '../metrics/gate-metrics.service';
import { CloseCode, type ClientConnection } from './client-connection';
import { takeToken } from './rate-limiter';

/** JSON-RPC server error codes (-32000..-32099) for the per-connection limits. */
export const LimitCode = Object.freeze({ RateLimited: -32000, TooManyInFlight: -32001, ShuttingDown: -32002 } as const);

/**
 * Decides what one call becomes: limits first, then the gate's own methods, then the access check
 * and forwarding. Sync answers stay sync (a local method costs no promise).
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
    if (connection.draining) return failureCode(id, LimitCode.ShuttingDown, 'Server is shutting down, reconnect');
    const now = Date.now();
    if (!takeToken(connection, now, this.limits.ratePerSec, this.limits.rateBurst)) {
      return this.refuse(connection, id, LimitCode.RateLimited, 'Rate limit exceeded');
    }
    if (connection.inFlight >= this.limits.maxInFlight) {
      return this.refuse(connection, id, LimitCode.TooManyInFlight, 'Too many requests in flight');
    }
    connection.refusedInRow = 0;
    switch (call.method) {
      case 'auth.generateSecret':
        if (!this.authorization.enabled) break;
        return success(id, this.authorization.generateSecret(connection, now));
      case 'auth.authorize':
        if (!this.authorization.enabled) break;
        return this.track(connection, this.authorization.authorize(connection, call.params).then((r) => success(id, r), (e: unknown) => this.failed(id, e)));
      case RPC_DISCOVER:
        return this.track(connection, this.api.document().then((document) => success(id, document)));
      default:
        break;
    }
    if (!this.authorization.allows(connection, call.method, now)) {
      return failureCode(id, JsonRpcErrorCode.AccessDenied, undefined, { method: call.method });
    }
    this.metrics.forwarded++;
    return this.track(connection, this.forwarding.forward(connection, call));
  }

  private track(connection: ClientConnection, work: Promise<JsonRpcResponse | undefined>): Promise<JsonRpcResponse | undefined> {
    connection.inFlight++;
    // then(ok, fail) rather than finally(): finally allocates two extra promises per call.
    return work.then(
      (response) => {
        connection.inFlight--;
        return response;
      },
      (error: unknown) => {
        connection.inFlight--;
        throw error;
      },
    );
  }

  /** A refused call; a client that keeps getting refused is closed (1008). */
  private refuse(connection: ClientConnection, id: JsonRpcId, code: number, message: string): JsonRpcResponse {
    this.metrics.refused++;
    if (++connection.refusedInRow >= this.limits.abuseLimit) {
      queueMicrotask(() => connection.close(CloseCode.PolicyViolation, 'policy violation: request limits exceeded'));
    }
    return failureCode(id, code, message);
  }

  private failed(id: JsonRpcId, error: unknown): JsonRpcResponse {
    if (error instanceof JsonRpcException) return failure(id, error.error);
    return failureCode(id, JsonRpcErrorCode.InternalError);
  }
}
