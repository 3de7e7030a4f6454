import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportPublicJwk, generateSigningKeyPair, signToken, type SigningKey } from '@gatehouse/protocol';

export const TEST_AUTHORITY_ISSUER = 'http://auth.test';
export const TEST_AUTHORITY_AUDIENCE = 'discovery-provider';

/**
 * Stands in for the auth service in suites that do not spawn it: a JWKS endpoint and access tokens
 * shaped exactly as the auth service issues them (typ at+jwt, ES256, roles). Suites about auth
 * itself, and the provider's process suite, use the real auth app instead.
 */
export class TestAuthority {
  private server!: Server;
  private key!: SigningKey;
  jwksUrl = '';

  async start(): Promise<this> {
    const pair = await generateSigningKeyPair('ES256');
    this.key = { kid: 'test-authority', alg: 'ES256', key: pair.privateKey };
    const jwks = JSON.stringify({ keys: [await exportPublicJwk(pair.publicKey, 'test-authority', 'ES256')] });
    this.server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(jwks),
    );
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.jwksUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/jwks.json`;
    return this;
  }

  /** An operator's access token with these roles (default: admin). */
  token(roles: string[] = ['admin']): Promise<string> {
    return signToken('access', { sub: 'operator', client_id: 'ops-cli', roles }, this.key, {
      issuer: TEST_AUTHORITY_ISSUER,
      audience: TEST_AUTHORITY_AUDIENCE,
      expiresInSec: 600,
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
