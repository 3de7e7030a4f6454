import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ArgumentsHost,
  Catch,
  Controller,
  type ExceptionFilter,
  Get,
  type INestApplication,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { Response } from 'express';
import { SignJWT, type JWTPayload } from 'jose';
import type { AccessTokenClaims } from '../schemas/access-token.schema';
import { createTestIssuer, localJwks, nowSec, type TestIssuer } from '../jwt/test-keys.fixture';
import { Authenticated } from './authenticated.decorator';
import { CurrentAuth } from './current-auth.decorator';
import { ProtocolAuthModule } from './protocol-auth.module';
import type { ProtocolAuthOptions } from './access-token.verifier';
import { RequireRoles } from './require-roles.decorator';
import { RequireScopes } from './require-scopes.decorator';

const ISS = 'https://auth.test';
const AUD = 'orders';

@Controller()
@Authenticated()
@RequireScopes('orders')
class ProbeController {
  @Get('me')
  me(@CurrentAuth() auth: AccessTokenClaims): AccessTokenClaims {
    return auth;
  }

  @Get('admin')
  @RequireRoles('admin', 'ops')
  admin(): { ok: true } {
    return { ok: true };
  }

  @Get('write')
  @RequireScopes('write')
  write(): { ok: true } {
    return { ok: true };
  }
}

// Stands in for an app-wide problem+json filter: bearer failures must still come out as RFC 6750.
@Catch()
class ProblemFilter implements ExceptionFilter {
  catch(_exception: unknown, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<Response>().status(500).json({ type: 'about:blank', title: 'reshaped' });
  }
}

async function startApp(auth: ProtocolAuthOptions): Promise<{ app: INestApplication; url: string }> {
  const moduleRef = await Test.createTestingModule({
    imports: [ProtocolAuthModule.forRoot(auth)],
    controllers: [ProbeController],
    providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

describe('AccessTokenGuard over real HTTP', () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let url: string;

  const sign = (overrides: JWTPayload = {}, typ = 'at+jwt', key = issuer.privateKey): Promise<string> => {
    const now = nowSec();
    const claims = {
      iss: ISS,
      sub: 'alice',
      aud: AUD,
      iat: now,
      exp: now + 60,
      jti: 'j',
      client_id: 'web',
      roles: ['user'],
      scope: 'orders read',
      ...overrides,
    };
    return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ, kid: issuer.kid }).sign(key);
  };
  const get = (path: string, authorization?: string): Promise<globalThis.Response> =>
    fetch(`${url}${path}`, authorization === undefined ? {} : { headers: { authorization } });

  beforeAll(async () => {
    issuer = await createTestIssuer('gk1');
    ({ app, url } = await startApp({ keys: localJwks(issuer), issuer: ISS, audience: AUD }));
  });
  afterAll(async () => app.close());

  it('lets a valid token through and exposes its claims', async () => {
    const res = await get('/me', `Bearer ${await sign()}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ sub: 'alice', roles: ['user'], client_id: 'web' });
  });

  it('answers a missing token with a bare Bearer challenge', async () => {
    for (const authorization of [undefined, 'Basic YTpi']) {
      const res = await get('/me', authorization);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(await res.json()).toEqual({ error_description: 'a bearer access token is required' });
    }
  });

  it.each([
    ['expired', async () => sign({ exp: nowSec() - 60 }), 'token has expired'],
    ['wrong audience', async () => sign({ aud: 'billing' }), 'token audience does not match'],
    ['wrong issuer', async () => sign({ iss: 'https://evil' }), 'token issuer is not trusted'],
    ['refresh token', async () => sign({ sid: 's' }, 'rt+jwt'), 'token type is not accepted here'],
    ['garbage', async () => 'not-a-jwt', 'token is malformed'],
    [
      'foreign key',
      async () => sign({}, 'at+jwt', (await createTestIssuer('gk1')).privateKey),
      'token signature is invalid',
    ],
  ])('answers a bad token (%s) with 401 invalid_token', async (_name, make, description) => {
    const res = await get('/me', `Bearer ${await make()}`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(
      `Bearer error="invalid_token", error_description="${description}"`,
    );
    expect(await res.json()).toEqual({ error: 'invalid_token', error_description: description });
  });

  it('enforces roles: any listed role suffices', async () => {
    const denied = await get('/admin', `Bearer ${await sign()}`);
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ error: 'insufficient_scope' });
    expect(denied.headers.get('www-authenticate')).toMatch(/^Bearer error="insufficient_scope"/);
    expect((await get('/admin', `Bearer ${await sign({ roles: ['ops'] })}`)).status).toBe(200);
  });

  it('enforces scopes: controller and handler scopes are all required', async () => {
    const denied = await get('/write', `Bearer ${await sign()}`);
    expect(denied.status).toBe(403);
    expect(denied.headers.get('www-authenticate')).toContain('scope="write orders"');
    expect((await get('/write', `Bearer ${await sign({ scope: 'orders write' })}`)).status).toBe(200);
    expect((await get('/me', `Bearer ${await sign({ scope: 'write' })}`)).status).toBe(403);
  });
});

describe('AccessTokenGuard with a remote JWKS', () => {
  let issuer: TestIssuer;
  let jwksServer: Server;
  let app: INestApplication;
  let url: string;
  let jwksUrl: string;

  beforeAll(async () => {
    issuer = await createTestIssuer('remote-1');
    jwksServer = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [issuer.publicJwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;
    ({ app, url } = await startApp({ jwksUrl, issuer: ISS, audience: AUD }));
  });
  afterAll(async () => {
    await app.close();
    if (jwksServer.listening) await new Promise((resolve) => jwksServer.close(resolve));
  });

  it('verifies with keys fetched from the JWKS URL, and answers 503 when it is unreachable', async () => {
    const now = nowSec();
    const claims = {
      iss: ISS,
      sub: 'bob',
      aud: AUD,
      iat: now,
      exp: now + 60,
      jti: 'j',
      client_id: 'web',
      roles: [],
      scope: 'orders',
    };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'remote-1' })
      .sign(issuer.privateKey);
    const ok = await fetch(`${url}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);

    await new Promise((resolve) => jwksServer.close(resolve));
    jwksServer.closeAllConnections();
    const other = await createTestIssuer('remote-2');
    const unknown = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'remote-2' })
      .sign(other.privateKey);
    // A fresh verifier has an empty cache, so it must fetch and finds the server gone.
    const { app: cold, url: coldUrl } = await startApp({ jwksUrl, issuer: ISS, audience: AUD });
    try {
      const res = await fetch(`${coldUrl}/me`, { headers: { authorization: `Bearer ${unknown}` } });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: 'temporarily_unavailable' });
    } finally {
      await cold.close();
    }
  });
});
