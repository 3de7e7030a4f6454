import {
  Catch,
  Controller,
  Get,
  type ArgumentsHost,
  type ExceptionFilter,
  type INestApplication,
  Module,
  Param,
  Post,
  Req,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { z } from 'zod';
import { type HttpReply } from './http/http-reply';
import { configureHttpApp, createHttpApp } from './http/start-http-app';
import { PlatformModule } from './platform.module';
import { ZodBody } from './validation/zod-validation.pipe';

class Teapot extends Error {}

@Catch(Teapot)
class TeapotFilter implements ExceptionFilter {
  catch(_error: Teapot, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<HttpReply>().status(418).send({ error: 'teapot' });
  }
}

/** An app's catch-all filter: refused bodies still get the body-error answer, not this. */
@Catch()
class CatchAllFilter implements ExceptionFilter {
  catch(_error: unknown, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<HttpReply>().status(500).send({ error: 'app filter' });
  }
}

const greeting = z.strictObject({ name: z.string().min(1) });

@Controller()
class DemoController {
  @Post('greet')
  greet(@ZodBody(greeting) body: z.infer<typeof greeting>): { hello: string } {
    return { hello: body.name };
  }

  @Post('echo')
  echo(@Req() req: { body?: unknown }): { body: unknown } {
    return { body: req.body ?? null };
  }

  @Get('ip')
  ip(@Req() req: { ip?: string }): { ip: string | undefined } {
    return { ip: req.ip };
  }

  @Get('boom')
  boom(): never {
    throw new Error('database password is hunter2');
  }

  @Get('items/:id')
  item(@Param('id') id: string): { id: string } {
    return { id };
  }

  @Get('teapot')
  teapot(): never {
    throw new Teapot();
  }
}

@Module({
  imports: [PlatformModule.forRoot({ service: 'demo', database: false })],
  controllers: [DemoController],
  providers: [{ provide: APP_FILTER, useClass: TeapotFilter }],
})
class DemoModule {}

@Module({
  imports: [PlatformModule.forRoot({ service: 'demo', database: false })],
  controllers: [DemoController],
  providers: [{ provide: APP_FILTER, useClass: CatchAllFilter }],
})
class CatchAllModule {}

const bodyError = (status: number, detail: string) => ({ error: 'refused', status, detail });

// The same assertions on both adapters: an app must not tell which one it runs on.
describe.each(['express', 'fastify'] as const)('PlatformModule over real HTTP on %s', (adapter) => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    const common = {
      name: 'demo',
      bodyLimit: '1kb',
      trustedProxies: ['127.0.0.1'],
      docs: { title: 'demo', description: 'demo' },
      logger: false as const,
    };
    app =
      adapter === 'fastify'
        ? await createHttpApp(DemoModule, { ...common, adapter })
        : await createHttpApp(DemoModule, { ...common, adapter });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => app.close());

  const post = (
    path: string,
    body: string,
    type = 'application/json',
    headers: Record<string, string> = {},
  ) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': type, ...headers }, body });

  it('answers liveness and readiness', async () => {
    const live = await fetch(`${base}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'ok' });
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
  });

  it('serves Prometheus metrics including request timings by route', async () => {
    await post('/greet', JSON.stringify({ name: 'a' }));
    await fetch(`${base}/nowhere-${adapter}`);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="POST",route="\/greet",status="201"\} 1/,
    );
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} 1/,
    );
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('validates bodies with the schema and names the bad field', async () => {
    expect(await (await post('/greet', JSON.stringify({ name: 'ann' }))).json()).toEqual({ hello: 'ann' });
    const bad = await post('/greet', JSON.stringify({ name: '', extra: 1 }));
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(await bad.json()).toMatchObject({ status: 400, code: 'invalid_request' });
  });

  it('parses JSON and form bodies the same way, and ignores bodies of other types', async () => {
    expect(await (await post('/echo', 'a=1&b=2&b=3', 'application/x-www-form-urlencoded')).json()).toEqual({
      body: { a: '1', b: ['2', '3'] },
    });
    expect(await (await post('/echo', '{"a":[1]}', 'application/json; charset=utf-8')).json()).toEqual({
      body: { a: [1] },
    });
    const plain = await post('/echo', 'a=1', 'text/plain');
    expect(plain.status).toBe(201);
    expect(await plain.json()).toEqual({ body: expect.not.objectContaining({ a: '1' }) });
  });

  it('answers malformed and oversized bodies with problem JSON, not an HTML page', async () => {
    for (const body of ['{"name":', '"just a string"']) {
      const malformed = await post('/greet', body);
      expect(malformed.status).toBe(400);
      expect(malformed.headers.get('content-type')).toContain('application/problem+json');
      expect(await malformed.json()).toMatchObject({ code: 'invalid_request' });
    }
    const large = await post('/greet', JSON.stringify({ name: 'x'.repeat(2048) }));
    expect(large.status).toBe(413);
    expect(await large.json()).toMatchObject({ code: 'payload_too_large', detail: 'body larger than 1kb' });
    const largeForm = await post('/greet', `name=${'x'.repeat(2048)}`, 'application/x-www-form-urlencoded');
    expect(largeForm.status).toBe(413);
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    const res = await fetch(`${base}/ip`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(await res.json()).toEqual({ ip: '203.0.113.9' });
  });

  it('serves the OpenAPI UI at /docs', async () => {
    const page = await fetch(`${base}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
    expect((await fetch(`${base}/docs/swagger-ui.css`)).status).toBe(200);
  });

  it('hides the cause of an unexpected error and keeps 404 a 404', async () => {
    const boom = await fetch(`${base}/boom`);
    expect(boom.status).toBe(500);
    const text = await boom.text();
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text)).toMatchObject({ code: 'internal_error' });
    const missing = await fetch(`${base}/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('answers a URL it cannot decode with problem JSON, like any other refusal', async () => {
    expect((await fetch(`${base}/items/a%20b`).then((r) => r.json())) as unknown).toEqual({ id: 'a b' });
    const res = await fetch(`${base}/items/%zz`);
    expect([res.status, res.headers.get('content-type')]).toEqual([
      400,
      'application/problem+json; charset=utf-8',
    ]);
    expect(await res.json()).toMatchObject({ status: 400, code: 'invalid_request' });
  });

  it("lets an app's own filter win over the error of last resort", async () => {
    const res = await fetch(`${base}/teapot`);
    expect(res.status).toBe(418);
    expect(await res.json()).toEqual({ error: 'teapot' });
  });
});

describe.each(['express', 'fastify'] as const)('onBodyError on %s', (adapter) => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    const common = { name: 'demo', bodyLimit: '1kb', logger: false as const };
    app =
      adapter === 'fastify'
        ? await createHttpApp(CatchAllModule, {
            ...common,
            adapter,
            onBodyError: (_req, reply, status, detail) =>
              void reply.status(status).header('Cache-Control', 'no-store').send(bodyError(status, detail)),
          })
        : await createHttpApp(CatchAllModule, {
            ...common,
            adapter,
            onBodyError: (_req, res, status, detail) =>
              void res.status(status).header('Cache-Control', 'no-store').send(bodyError(status, detail)),
          });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => app.close());

  it('lets the app answer refused bodies in its own shape, ahead of its catch-all filter', async () => {
    const malformed = await fetch(`${base}/greet`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('cache-control')).toBe('no-store');
    expect(await malformed.json()).toEqual(bodyError(400, 'body is not valid JSON or form data'));
    const large = await fetch(`${base}/greet`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `"${'x'.repeat(2048)}"`,
    });
    expect(await large.json()).toEqual(bodyError(413, 'body larger than 1kb'));
    expect(await (await fetch(`${base}/boom`)).json()).toEqual({ error: 'app filter' });
  });

  it('ignores X-Forwarded-For without trusted proxies', async () => {
    const res = await fetch(`${base}/ip`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(await res.json()).toEqual({ ip: '127.0.0.1' });
  });
});

describe('configureHttpApp on an app a test created', () => {
  it('configures an express app (as the other apps’ suites do) and refuses options for the other adapter', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [DemoModule] }).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
    expect(() => configureHttpApp(app as never, { name: 'demo', adapter: 'fastify' })).toThrow(TypeError);
    configureHttpApp(app, { name: 'demo', bodyLimit: '1kb' });
    await app.listen(0, '127.0.0.1');
    try {
      const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      const large = await fetch(`${base}/greet`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x'.repeat(2048) }),
      });
      expect(large.status).toBe(413);
    } finally {
      await app.close();
    }
  });
});
