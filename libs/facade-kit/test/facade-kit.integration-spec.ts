import { Injectable, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { GATE_LINK_SUBPROTOCOL } from '@gatehouse/protocol';
import { freePort } from '@gatehouse/testing';
import WebSocket from 'ws';
import {
  FacadeKitModule,
  type FacadeKitOptions,
  OfflineNotices,
  type OfflineParams,
  parseEnvelope,
  type RpcMethod,
} from '../src/index';

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
// Unsigned: the discovery client only reads its claims; its provider is unreachable and never asked.
const claims = {
  name: 'facade',
  provider_host: 'http://127.0.0.1:9',
  permissions: ['gate'],
  iss: 'kit-spec',
  iat: 1,
  jti: 'kit-spec',
};
const configurationToken = `${b64({ alg: 'none' })}.${b64(claims)}.x`;

@Injectable()
class WhoMethod implements RpcMethod {
  readonly name = 'who';
  call(params: unknown): unknown {
    return parseEnvelope(params).auth;
  }
}

const envelope = {
  _frontendGate: true,
  auth: { user: 'alice', roles: [] },
  routing: { requestId: 1, channelId: 'c1' },
  meta: { clientRequestIp: '203.0.113.9' },
};

/**
 * The kit in a plain Nest app, as another team starts one (`NestFactory.create`, Nest's own body
 * parsers), on both adapters: refused bodies, the guard, `offline`. No discovery (never registers).
 */
describe.each(['express', 'fastify'] as const)('FacadeKitModule in a plain Nest app on %s', (adapter) => {
  const apps: INestApplication[] = [];
  const start = async (
    options: Partial<FacadeKitOptions> = {},
  ): Promise<{ app: INestApplication; url: string }> => {
    const port = await freePort();
    const module = FacadeKitModule.forRoot({
      discovery: {
        configurationToken,
        host: `http://127.0.0.1:${port}`,
        autoRegister: false,
        // The discovery client serves its endpoint as a route of express apps only; beside fastify, on its own listener.
        ...(adapter === 'fastify' ? { listen: { host: '127.0.0.1', port: await freePort() } } : {}),
      },
      methods: [WhoMethod],
      acceptAnyCaller: true,
      ...options,
    });
    const app =
      adapter === 'fastify'
        ? await NestFactory.create(module, new FastifyAdapter({ bodyLimit: 1024 }), {
            logger: false,
            abortOnError: false,
          })
        : await NestFactory.create(module, { logger: false, abortOnError: false });
    if (adapter === 'express')
      (app as unknown as { useBodyParser(type: string, options: object): void }).useBodyParser('json', {
        limit: 1024,
      });
    apps.push(app);
    await app.listen(port, '127.0.0.1');
    return { app, url: `http://127.0.0.1:${port}/` };
  };
  const post = (url: string, body: string, authorization?: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body,
    });

  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  it('answers a malformed body with -32700 and a body over the limit with -32600, as JSON-RPC', async () => {
    const { url } = await start();
    const malformed = await post(url, '{"jsonrpc": "2.0", "method": "who", "params": "bar", "baz]');
    expect(malformed.status).toBe(200);
    expect(await malformed.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
    const large = await post(
      url,
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'who', params: { pad: 'x'.repeat(2048) } }),
    );
    expect(large.status).toBe(200);
    expect(await large.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } });
    const ok = await post(url, JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'who', params: envelope }));
    expect(await ok.json()).toEqual({ jsonrpc: '2.0', id: 2, result: { user: 'alice', roles: [] } });
  });

  it("leaves refused bodies to the app when told to (Nest's own 400)", async () => {
    const { url } = await start({ jsonRpcBodyErrors: false });
    expect((await post(url, '{"broken')).status).toBe(400);
  });

  it("refuses a call without the gate's pair token, and Nest's other errors keep their shape", async () => {
    const { url } = await start({ acceptAnyCaller: false });
    const refused = await post(
      url,
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'who', params: envelope }),
      'Bearer not-allowed',
    );
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'invalid_token' });
    expect((await fetch(`${url}missing`)).status).toBe(404);
  });

  /** Opens the gate's link; resolves the socket, or the HTTP status the upgrade was answered with. */
  const link = (url: string, authorization?: string) =>
    new Promise<WebSocket | number>((resolve, reject) => {
      const ws = new WebSocket(url.replace('http', 'ws'), GATE_LINK_SUBPROTOCOL, {
        headers: authorization ? { authorization } : {},
      });
      ws.once('open', () => resolve(ws));
      ws.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.once('error', (error) => (ws.readyState === WebSocket.CLOSED ? undefined : reject(error)));
    });

  it("offers the gate's link: every message answered on its own, by id; refused without the pair token or when off", async () => {
    const { url } = await start();
    const ws = (await link(url)) as WebSocket;
    const answers: unknown[] = [];
    ws.on('message', (data) => {
      const parsed = JSON.parse(String(data)) as unknown;
      answers.push(...(Array.isArray(parsed) ? parsed : [parsed]));
    });
    ws.send(
      JSON.stringify([
        { jsonrpc: '2.0', id: 1, method: 'who', params: envelope },
        { jsonrpc: '2.0', method: 'offline', params: { channelId: 'c2', user: null } },
        { jsonrpc: '2.0', id: 2, method: 'nope' },
      ]),
    );
    ws.send('{broken');
    while (answers.length < 3) await new Promise((r) => setTimeout(r, 5));
    expect(answers).toEqual(
      expect.arrayContaining([
        { jsonrpc: '2.0', id: 1, result: { user: 'alice', roles: [] } },
        expect.objectContaining({ id: 2, error: expect.objectContaining({ code: -32601 }) }),
        expect.objectContaining({ id: null, error: expect.objectContaining({ code: -32700 }) }),
      ]),
    );
    ws.terminate();
    expect(await link((await start({ acceptAnyCaller: false })).url, 'Bearer not-allowed')).toBe(401);
    expect(await link((await start({ gateLink: false })).url)).toBe(404);
  });

  it('hands offline notices, plain or in an envelope, to every listener', async () => {
    const { app, url } = await start();
    const heard: OfflineParams[] = [];
    app.get(OfflineNotices).onOffline((offline) => void heard.push(offline));
    app.get(OfflineNotices).onOffline(() => {
      throw new Error('a failing listener does not stop the others');
    });
    const plain = await post(
      url,
      JSON.stringify({ jsonrpc: '2.0', method: 'offline', params: { channelId: 'c9', user: null } }),
    );
    expect(plain.status).toBe(204);
    await post(url, JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'offline', params: envelope }));
    expect(heard).toEqual([
      { channelId: 'c9', user: null },
      { channelId: 'c1', user: 'alice' },
    ]);
  });
});
