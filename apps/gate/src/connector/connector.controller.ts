import { Body, Controller, HttpCode, Inject, Post, Res, UseGuards } from '@nestjs/common';
import type { HttpReply } from '@gatehouse/platform';
import { GATE_CONFIG, type GateConfig } from '../config';
import { ConnectorAuthGuard } from './connector-auth.guard';
import { ConnectorService } from './connector.service';

/**
 * The internal HTTP JSON-RPC endpoint (PROTOCOL.md 3.4), on its own port. The declaration of the
 * route and its docs: `connectorTransferRoute` serves it (`connectorHttpOptions`); this handler
 * answers the same way for an app started without that option.
 */
@Controller()
@UseGuards(ConnectorAuthGuard)
export class ConnectorController {
  constructor(
    private readonly connector: ConnectorService,
    @Inject(GATE_CONFIG) private readonly config: GateConfig,
  ) {}

  @Post()
  @HttpCode(200)
  async handle(@Body() body: unknown, @Res() res: HttpReply): Promise<void> {
    const text = await this.connector.answer(body, this.config.limits.maxBatch);
    if (text === undefined) res.status(204).send();
    else res.status(200).header('Content-Type', 'application/json; charset=utf-8').send(text);
  }
}
