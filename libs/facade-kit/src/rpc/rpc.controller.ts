import { Body, Controller, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { GateOnlyGuard } from '../guard/gate-only.guard';
import { type DispatcherAnswer, JsonRpcDispatcher } from './json-rpc-dispatcher';

/** Express's `Response` and fastify's `FastifyReply` both set the status this way. */
interface StatusReply {
  status(code: number): unknown;
}

/** The gate's calls: JSON-RPC 2.0 over HTTP on `POST /` (204 when only notifications came). */
@Controller()
@UseGuards(GateOnlyGuard)
export class RpcController {
  constructor(private readonly dispatcher: JsonRpcDispatcher) {}

  @Post()
  @HttpCode(200)
  async rpc(@Body() body: unknown, @Res({ passthrough: true }) res: StatusReply): Promise<DispatcherAnswer> {
    const answer = await this.dispatcher.handle(body);
    if (answer === undefined) res.status(204);
    return answer;
  }
}
