import { Injectable } from '@nestjs/common';
import { JsonRpcErrorCode, JsonRpcException } from '@gatehouse/protocol';
import {
  answerMessage,
  decodeValue,
  failure,
  failureCode,
  type JsonRpcCall,
  type Outcome,
  success,
} from '../jsonrpc';
import { TransferService } from './transfer.service';

/** JSON-RPC on the connector: the same codec as the client side, one method. */
@Injectable()
export class ConnectorService {
  constructor(private readonly transfers: TransferService) {}

  async answer(body: unknown, maxBatch: number): Promise<string | undefined> {
    let text: string | undefined;
    await answerMessage(
      decodeValue(body, maxBatch),
      (call) => this.invoke(call),
      (reply) => (text = reply),
    );
    return text;
  }

  private invoke(call: JsonRpcCall): Outcome {
    const id = call.id ?? null;
    if (call.method !== 'transfer')
      return failureCode(id, JsonRpcErrorCode.MethodNotFound, undefined, { method: call.method });
    return this.transfers.transfer(call.params).then(
      (result) => success(id, result),
      (error: unknown) =>
        error instanceof JsonRpcException
          ? failure(id, error.error)
          : failureCode(id, JsonRpcErrorCode.ChannelFatal),
    );
  }
}
