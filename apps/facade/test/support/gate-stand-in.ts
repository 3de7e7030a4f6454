import { Body, Controller, HttpCode, Module, Post, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DiscoveryAllowsGuard, DiscoveryClient, DiscoveryClientModule } from '@gatehouse/discovery-client';
import { configureHttpApp, PlatformModule } from '@gatehouse/platform';
import { JsonRpcErrorCode, jsonRpcError, type JsonRpcRequest } from '@gatehouse/protocol';
import { freePort } from '@gatehouse/testing';

export const transfers: { channelId: string; method: string; result?: unknown }[] = [];
export const GONE_CHANNEL = 'gone-channel';

/** The gate's connector, reduced to what the facade needs: `transfer`, behind the allows guard. */
@Controller()
@UseGuards(DiscoveryAllowsGuard)
class ConnectorStandIn {
  @Post()
  @HttpCode(200)
  transfer(@Body() body: JsonRpcRequest<{ channelId: string; method: string; result?: unknown }>): unknown {
    const params = body.params!;
    if (params.channelId === GONE_CHANNEL)
      return { jsonrpc: '2.0', id: body.id, error: jsonRpcError(JsonRpcErrorCode.ClientNotFound) };
    transfers.push(params);
    return { jsonrpc: '2.0', id: body.id, result: { status: 'OK' } };
  }
}

export interface GateStandIn {
  app: NestExpressApplication;
  client: DiscoveryClient;
}

/** A service named `gate` that joins discovery with our library, as the real gate does. */
export async function startGateStandIn(configurationToken: string): Promise<GateStandIn> {
  const port = await freePort();
  const host = `http://127.0.0.1:${port}`;
  @Module({
    imports: [
      PlatformModule.forRoot({ service: 'gate-stand-in', database: false }),
      DiscoveryClientModule.forRoot({ configurationToken, host }),
    ],
    controllers: [ConnectorStandIn],
  })
  class GateStandInModule {}
  const app = await NestFactory.create<NestExpressApplication>(GateStandInModule, {
    logger: false,
    bodyParser: false,
  });
  configureHttpApp(app, { name: 'gate-stand-in' });
  await app.listen(port, '127.0.0.1');
  return { app, client: app.get(DiscoveryClient) };
}
