import { Injectable } from '@nestjs/common';
import { parseEnvelope } from '../rpc/params';
import type { RpcMethod } from '../rpc/rpc-method';

/** `echo`: the client's params back, unchanged (null when it sent none). */
@Injectable()
export class EchoMethod implements RpcMethod {
  readonly name = 'echo';

  call(params: unknown): unknown {
    return parseEnvelope(params).params ?? null;
  }
}
