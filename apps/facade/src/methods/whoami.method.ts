import { Injectable } from '@nestjs/common';
import { type GateEnvelope, JsonRpcException } from '@gatehouse/protocol';
import { z } from 'zod';
import { FacadeErrorCode } from '../rpc/facade-error-code';
import { parseEnvelope, type RpcMethod } from '@gatehouse/facade-kit';

/** `whoami`: the user and roles the gate authorized; anonymous callers get 1101. */
@Injectable()
export class WhoamiMethod implements RpcMethod {
  readonly name = 'whoami';
  readonly description = {
    summary: 'The user and roles the gate authorized this connection as',
    result: z.object({ user: z.string(), roles: z.array(z.string()) }),
    errors: [
      {
        code: FacadeErrorCode.AuthenticationRequired,
        message: 'Access denied: whoami needs an authorized user',
      },
    ],
  };

  call(params: unknown): GateEnvelope['auth'] {
    const { auth } = parseEnvelope(params);
    if (auth.user === null) {
      throw new JsonRpcException(
        FacadeErrorCode.AuthenticationRequired,
        'Access denied: whoami needs an authorized user',
      );
    }
    return auth;
  }
}
