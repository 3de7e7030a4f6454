import { rawHttpExchange } from '@gatehouse/testing';
import { Controller, type INestApplication, Module, Post } from '@nestjs/common';
import { PlatformModule } from '../platform.module';
import { createHttpApp } from './start-http-app';

@Controller()
class SinkController {
  @Post('sink')
  sink(): { ok: true } {
    return { ok: true };
  }
}

@Module({
  imports: [PlatformModule.forRoot({ service: 'slow-client', database: false })],
  controllers: [SinkController],
})
class SinkModule {}

// Every app's listener comes from createHttpApp / configureHttpApp, on either adapter.
describe.each(['express', 'fastify'] as const)('HTTP timeouts of every listener, on %s', (adapter) => {
  let app: INestApplication;
  let port: number;

  beforeAll(async () => {
    process.env['GATEHOUSE_HTTP_HEADERS_TIMEOUT_MS'] = '200';
    process.env['GATEHOUSE_HTTP_REQUEST_TIMEOUT_MS'] = '400';
    try {
      app = await createHttpApp(SinkModule, {
        name: 'slow-client',
        logger: false,
        ...(adapter === 'fastify' ? { adapter } : {}),
      });
    } finally {
      delete process.env['GATEHOUSE_HTTP_HEADERS_TIMEOUT_MS'];
      delete process.env['GATEHOUSE_HTTP_REQUEST_TIMEOUT_MS'];
    }
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(() => app.close());

  it('cuts a client that never finishes its headers with 408', async () => {
    expect(await rawHttpExchange(port, 'POST /sink HTTP/1.1\r\nHost: app\r\n')).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('cuts a client that never finishes its body', async () => {
    const head =
      'POST /sink HTTP/1.1\r\nHost: app\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":';
    expect(await rawHttpExchange(port, head)).toMatch(/^HTTP\/1\.1 408 /);
  });
});
