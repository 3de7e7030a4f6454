import { Body, Controller, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import type { JsonRpcResponse } from '@gatehouse/protocol';
import type { Response } from 'express';
import { FacadeCallerGuard } from '../guard/facade-caller.guard';
import { JsonRpcDispatcher } from './json-rpc-dispatcher';

/** The gate's calls: JSON-RPC 2.0 over HTTP on `POST /` (204 when only notifications came). */
@Controller()
@UseGuards(FacadeCallerGuard)
export class RpcController {
  constructor(private readonly dispatcher: JsonRpcDispatcher) {}

  @Post()
  @HttpCode(200)
  async rpc(@Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<JsonRpcResponse | JsonRpcResponse[] | undefined> {
    const answer = await this.dispatcher.handle(body);
    if (answer === undefined) res.status(204);
    return answer;
  }
}
