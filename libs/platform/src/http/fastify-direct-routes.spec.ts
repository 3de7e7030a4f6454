import { connect } from 'node:net';
import {
  type ArgumentsHost,
  Body,
  Catch,
  type CanActivate,
  Controller,
  type ExceptionFilter,
  Injectable,
  Module,
  Post,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PlatformModule } from '../platform.module';
import type { HttpReply } from './http-reply';
import { type FastifyHttpAppOptions, createHttpApp } from './start-http-app';

class Teapot extends Error {}

@Catch(Teapot)
class TeapotFilter implements ExceptionFilter {
  catch(_error: Teapot, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<HttpReply>().status(418).send({ error: 'teapot' });
  }
}

/** Refuses everything: a route it guards answers only if Nest's pipeline is skipped. */
@Injectable()
class ClosedGuard implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

@Controller()
class DemoController {
  @Post('direct')
  @UseGuards(ClosedGuard)
  direct(): never {
    throw new Error('the direct handler serves this route');
  }

  @Post('failing')
  failing(): void {}

  @Post('crashing')
  crashing(): void {}

  @Post('nest')
  nest(@Body() body: unknown): { via: string; body: unknown } {
    return { via: 'nest', body };
  }
}

@Module({
  imports: [PlatformModule.forRoot({ service: 'demo', database: false })],
  controllers: [DemoController],
  providers: [{ provide: APP_FILTER, useClass: TeapotFilter }],
})
class DemoModule {}

const TOKEN = 'Bearer let-me-in';

const options = (directRoutes: FastifyHttpAppOptions['directRoutes']) =>
  ({
    name: 'demo',
    adapter: 'fastify',
    bodyLimit: '1kb',
    logger: false,
    authenticateBeforeBody: () => (request: FastifyRequest, reply: FastifyReply) => {
      if (request.method !== 'POST' || request.headers.authorization === TOKEN) return;
      reply.header('WWW-Authenticate', 'Bearer');
      throw new UnauthorizedException({ code: 'invalid_token', message: 'who are you?' });
    },
    directRoutes,
  }) as const;

describe('fastify: authenticateBeforeBody and directRoutes', () => {
  let app: NestFastifyApplication;
  let base: string;

  beforeAll(async () => {
    app = await createHttpApp(
      DemoModule,
      options(() => [
        {
          method: 'POST',
          url: '/direct',
          handler: (request, reply) =>
            reply.header('x-served-by', 'direct').send({ via: 'direct', body: request.body as unknown }),
        },
        {
          method: 'POST',
          url: '/failing',
          handler: () => Promise.reject(new Teapot()),
        },
        {
          method: 'POST',
          url: '/crashing',
          handler: () => {
            throw new Error('secret detail');
          },
        },
      ]),
    );
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => app.close());

  const post = (path: string, body: string, authorization = TOKEN) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body,
    });

  it('serves a direct route with its plain handler, skipping the guards of the controller', async () => {
    const res = await post('/direct', '{"a":1}');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-served-by')).toBe('direct');
    expect(await res.json()).toEqual({ via: 'direct', body: { a: 1 } });
  });

  it('leaves the other routes to Nest', async () => {
    const res = await post('/nest', '{"a":2}');
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ via: 'nest', body: { a: 2 } });
  });

  it("answers what a direct handler throws with the app's filters and shapes", async () => {
    const teapot = await post('/failing', '{}');
    expect({ status: teapot.status, body: await teapot.json() }).toEqual({
      status: 418,
      body: { error: 'teapot' },
    });
    const crash = await post('/crashing', '{}');
    expect(crash.status).toBe(500);
    const text = await crash.text();
    expect(text).not.toContain('secret detail');
    expect(JSON.parse(text)).toMatchObject({ code: 'internal_error' });
  });

  it('refuses a bad body on a direct route as the parsers do everywhere', async () => {
    const malformed = await post('/direct', '{"a":');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    const large = await post('/direct', JSON.stringify({ a: 'x'.repeat(2048) }));
    expect(large.status).toBe(413);
    expect(await large.json()).toMatchObject({ code: 'payload_too_large' });
  });

  it('refuses an unauthenticated caller before its body: problem JSON, the check’s headers, 401 not 400', async () => {
    for (const path of ['/direct', '/nest']) {
      const res = await post(path, '{not json', 'Bearer wrong');
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(await res.json()).toMatchObject({ status: 401, code: 'invalid_token', detail: 'who are you?' });
    }
  });

  it('answers the refusal without waiting for the body, and closes the connection', async () => {
    const { port } = new URL(base);
    const socket = connect(Number(port), '127.0.0.1');
    // A body of a megabyte is announced and never sent: the answer cannot depend on reading it.
    socket.write('POST /direct HTTP/1.1\r\nHost: demo\r\nContent-Type: application/json\r\n');
    socket.write('Content-Length: 1048576\r\n\r\n');
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    await new Promise<void>((resolve, reject) => {
      socket.once('close', () => resolve());
      socket.once('error', reject);
    });
    const answer = Buffer.concat(received).toString('latin1');
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
  });
});

describe('fastify directRoutes naming a route no controller declares', () => {
  it('stops the start', async () => {
    const app = await createHttpApp(
      DemoModule,
      options(() => [{ method: 'POST', url: '/renamed', handler: (_request, reply) => reply.send({}) }]),
    );
    try {
      await expect(app.listen(0, '127.0.0.1')).rejects.toThrow(
        'directRoutes: no controller declares POST /renamed',
      );
    } finally {
      await app.close().catch(() => undefined);
    }
  });
});
