import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Controller, Get, Module, UseGuards } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { createHttpApp, PlatformModule } from '@gatehouse/platform';
import { freePort } from '@gatehouse/testing';
import {
  CurrentDiscoveryCaller,
  DiscoveryAllowsGuard,
  type DiscoveryCaller,
  DiscoveryClientModule,
  type DiscoveryClientOptions,
} from '../src/index';

@Controller('guarded')
@UseGuards(DiscoveryAllowsGuard)
class GuardedController {
  @Get()
  who(@CurrentDiscoveryCaller() caller: DiscoveryCaller | undefined): DiscoveryCaller | undefined {
    return caller;
  }
}

/** Services that import the client may run on either adapter; the suites run on both. */
export type Adapter = 'express' | 'fastify';

export interface TestService {
  app: INestApplication;
  url: string;
  gateHost: string;
}

/** A Nest service that joins discovery, set up the way `startHttpApp` does it. */
export async function startTestService(
  options: Omit<DiscoveryClientOptions, 'host'> & { port?: number; adapter?: Adapter },
): Promise<TestService> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const { port: _ignored, adapter = 'express', ...rest } = options;
  @Module({
    imports: [
      PlatformModule.forRoot({ service: 'test-service', database: false }),
      DiscoveryClientModule.forRoot({ host: url, ...rest }),
    ],
    controllers: [GuardedController],
  })
  class TestModule {}
  const settings = { name: 'test-service', logger: false } as const;
  const app =
    adapter === 'fastify'
      ? await createHttpApp(TestModule, { ...settings, adapter })
      : await createHttpApp(TestModule, { ...settings, adapter });
  await app.listen(port, '127.0.0.1');
  return { app, url, gateHost: options.gateHost ?? `${url}/discovery` };
}

export interface SeenCall {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A peer that records calls and answers JSON-RPC: `fail` errors, everything else echoes params. */
export async function startPeer(): Promise<{ url: string; calls: SeenCall[]; close: () => Promise<void> }> {
  const calls: SeenCall[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      calls.push({ url: req.url ?? '', headers: req.headers, body });
      const request = body ? (JSON.parse(body) as { id?: number; method?: string; params?: unknown }) : {};
      const answer =
        request.method === 'fail'
          ? {
              jsonrpc: '2.0',
              id: request.id,
              error: { code: 1105, message: 'Client not found', data: { x: 1 } },
            }
          : request.method === 'garbage'
            ? { nope: true }
            : { jsonrpc: '2.0', id: request.id, result: request.params ?? null };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    calls,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
