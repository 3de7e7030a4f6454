import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { parseEnvelope, type RpcMethod } from '@gatehouse/facade-kit';

/** `echo`: the client's params back, unchanged (null when it sent none). */
@Injectable()
export class EchoMethod implements RpcMethod {
  readonly name = 'echo';
  readonly description = {
    summary: 'Answers with the params it was sent',
    description: 'Any params (an object or an array) come back unchanged; none: null.',
    result: z.unknown().describe('the params as sent, or null'),
  };

  call(params: unknown): unknown {
    return parseEnvelope(params).params ?? null;
  }
}
