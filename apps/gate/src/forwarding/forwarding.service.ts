import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { PLATFORM_LOGGER } from '@gatehouse/platform';
import { type JsonRpcResponse, JsonRpcErrorCode } from '@gatehouse/protocol';
import type { Logger } from 'pino';
import { GATE_CONFIG, type GateConfig } from '../config';
import type { ClientConnection } from '../connections/client-connection';
import { ConnectionRegistry } from '../connections/connection-registry.service';
import { failure, failureCode, type JsonRpcCall, success } from '../jsonrpc';
import { FacadeError } from './facade-answer';
import { FacadeClient, type FacadeTarget } from './facade-client';
import { buildEnvelope, offlineParams } from './envelope';
import { FACADE_TARGET } from './facade-target';

/** Sends clients' calls to the facade in the envelope and restores each client's id on the answer. */
@Injectable()
export class ForwardingService implements OnModuleInit {
  readonly facade: FacadeClient;

  constructor(
    @Inject(GATE_CONFIG) config: GateConfig,
    @Inject(PLATFORM_LOGGER) logger: Logger,
    @Inject(FACADE_TARGET) target: () => FacadeTarget,
    private readonly registry: ConnectionRegistry,
  ) {
    this.facade = new FacadeClient(config.facade, target, logger);
  }

  onModuleInit(): void {
    this.registry.observe({
      disconnected: (connection) =>
        void this.facade.notify('offline', offlineParams(connection), connection.channelId),
    });
  }

  forward(connection: ClientConnection, call: JsonRpcCall): Promise<JsonRpcResponse | undefined> {
    const envelope = buildEnvelope(connection, call.id ?? null, call.params);
    // A notification counts against the sender's in-flight limit until the facade has taken it.
    if (call.id === undefined)
      return this.facade.notify(call.method, envelope, connection.channelId).then(() => undefined);
    const id = call.id;
    return this.facade.call(call.method, envelope, connection.channelId).then(
      (answer) => ('result' in answer ? success(id, answer.result) : failure(id, answer.error)),
      (error: unknown) =>
        error instanceof FacadeError
          ? failureCode(id, error.code, undefined, { reason: error.reason })
          : failureCode(id, JsonRpcErrorCode.InternalError),
    );
  }
}
