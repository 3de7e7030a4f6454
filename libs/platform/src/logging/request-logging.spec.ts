import { Controller, Get, type INestApplication, Module, Req } from '@nestjs/common';
import { createHttpApp } from '../http/start-http-app';
import { PlatformModule } from '../platform.module';
import { captureLogLines, componentLogger } from './logger';

const log = componentLogger('demo');

@Controller()
class ChattyController {
  @Get('chatty')
  async chatty(@Req() req: { headers: Record<string, string | undefined> }): Promise<{ ok: true }> {
    log.info({ authorization: req.headers['authorization'] }, 'before the await');
    await new Promise((resolve) => setTimeout(resolve, 5));
    log.warn({ body: { password: 'hunter2', client_secret: 's3cret' } }, 'after the await');
    return { ok: true };
  }
}

@Module({
  imports: [PlatformModule.forRoot({ service: 'demo', database: false })],
  controllers: [ChattyController],
})
class ChattyModule {}

describe.each(['express', 'fastify'] as const)('request logging on %s', (adapter) => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    const common = { name: 'demo', logger: false as const };
    app =
      adapter === 'fastify'
        ? await createHttpApp(ChattyModule, { ...common, adapter })
        : await createHttpApp(ChattyModule, { ...common, adapter });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => app.close());

  async function logged(headers: Record<string, string>) {
    const capture = captureLogLines();
    try {
      const res = await fetch(`${base}/chatty?access_token=leaked`, { headers });
      expect(res.status).toBe(200);
      // The access line is written once the reply has gone out.
      for (let i = 0; i < 50 && !capture.lines.some((l) => l['component'] === 'access'); i++)
        await new Promise((resolve) => setTimeout(resolve, 10));
      return { res, lines: capture.lines };
    } finally {
      capture.stop();
    }
  }

  it("puts the caller's sane X-Request-Id on every line of the request and echoes it", async () => {
    const { res, lines } = await logged({ 'x-request-id': 'trace-42.a' });
    expect(res.headers.get('x-request-id')).toBe('trace-42.a');
    const own = lines.filter((l) => l['component'] === 'demo' || l['component'] === 'access');
    expect(own).toHaveLength(3);
    expect(new Set(own.map((l) => l['reqId']))).toEqual(new Set(['trace-42.a']));
  });

  it('makes up an id when the incoming one is not sane', async () => {
    const { res, lines } = await logged({ 'x-request-id': 'evil\tid"with junk' });
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.filter((l) => l['component'] === 'demo').map((l) => l['reqId'])).toEqual([id, id]);
  });

  it('writes one access line: method, path without the query, status, duration, client, id', async () => {
    const { res, lines } = await logged({});
    const access = lines.filter((l) => l['component'] === 'access');
    expect(access).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/chatty',
        status: 200,
        durationMs: expect.any(Number),
        client: '127.0.0.1',
        reqId: res.headers.get('x-request-id'),
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('leaked');
  });

  it('never writes a secret', async () => {
    const { lines } = await logged({ authorization: 'Bearer very-secret-token' });
    const text = JSON.stringify(lines);
    for (const secret of ['very-secret-token', 'hunter2', 's3cret']) expect(text).not.toContain(secret);
    expect(lines.find((l) => l['msg'] === 'after the await')).toMatchObject({
      body: { password: '[redacted]', client_secret: '[redacted]' },
    });
  });
});
