import { Body, Controller, HttpCode, Inject, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { GATE_CONFIG, type GateConfig } from '../config';
import { ConnectorAuthGuard } from './connector-auth.guard';
import { ConnectorService } from './connector.service';

/** The internal HTTP JSON-RPC endpoint (PROTOCOL.md 3.4), on its own port. */
@Controller()
@UseGuards(ConnectorAuthGuard)
export class ConnectorController {
  constructor(
    private readonly connector: ConnectorService,
    @Inject(GATE_CONFIG) private readonly config: GateConfig,
  ) {}

  @Post()
  @HttpCode(200)
  async handle(@Body() body: unknown, @Res() res: Response): Promise<void> {
    const text = await this.connector.answer(body, this.config.limits.maxBatch);
    if (text === undefined) res.status(204).end();
    else res.type('application/json').send(text);
  }
}
