import { generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportPublicJwk, generateSigningKeyPair, signToken, type SigningKey } from '@gatehouse/protocol';

export const TEST_AUTHORITY_ISSUER = 'http://auth.test';
export const TEST_AUTHORITY_AUDIENCE = 'discovery-provider';

interface TestUser {
  publicKey: KeyObject;
  privateKey: KeyObject;
  roles: string[];
}

/**
 * Stands in for the auth service in suites that do not spawn it, and lets a suite see or steer what
 * auth answers: a JWKS, access tokens shaped exactly as the auth service issues them (typ at+jwt,
 * ES256, roles), `/challenge/verify` (Ed25519 over the secret, HTTP Basic client auth) and an empty
 * revocation feed. Suites about auth itself, and the process suites, use the real auth app instead.
 */
export class TestAuthority {
  readonly issuer = TEST_AUTHORITY_ISSUER;
  /** The client allowed to call `/challenge/verify` (the gate's credentials in its suites). */
  readonly clientId = 'gate';
  readonly clientSecret = 'gate-secret';
  url = '';
  jwksUrl = '';
  verifyCalls = 0;
  private server!: Server;
  private key!: SigningKey;
  private jwks = '';
  private readonly users = new Map<string, TestUser>();

  async start(): Promise<this> {
    const pair = await generateSigningKeyPair('ES256');
    this.key = { kid: 'test-authority', alg: 'ES256', key: pair.privateKey };
    this.jwks = JSON.stringify({ keys: [await exportPublicJwk(pair.publicKey, 'test-authority', 'ES256')] });
    this.server = createServer((req, res) => {
      void this.answer(req).then(([status, body]) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(body),
      );
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.jwksUrl = `${this.url}/.well-known/jwks.json`;
    return this;
  }

  /** An operator's access token with these roles (default: admin), for the provider's admin API. */
  token(roles: string[] = ['admin']): Promise<string> {
    return signToken('access', { sub: 'operator', client_id: 'ops-cli', roles }, this.key, {
      issuer: TEST_AUTHORITY_ISSUER,
      audience: TEST_AUTHORITY_AUDIENCE,
      expiresInSec: 600,
    });
  }

  /** A user's (or with `subType` client, a client's) access token as a login at auth returns it. */
  accessToken(
    user: string,
    expiresInSec = 60,
    roles = ['user'],
    subType: 'user' | 'client' = 'user',
    audience = 'gatehouse',
  ): Promise<string> {
    return signToken('access', { sub: user, sub_type: subType, client_id: 'web', roles }, this.key, {
      issuer: TEST_AUTHORITY_ISSUER,
      audience,
      expiresInSec,
    });
  }

  /** A user who can log in with the challenge: `signSecret` signs for them. */
  addUser(name: string, roles: string[] = ['user']): void {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    this.users.set(name, { publicKey, privateKey, roles });
  }

  /** What a client does with the `sign` secret: an Ed25519 signature, base64url. */
  signSecret(user: string, secret: string): string {
    return sign(null, Buffer.from(secret), this.users.get(user)!.privateKey).toString('base64url');
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async answer(req: IncomingMessage): Promise<[number, string]> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.url === '/.well-known/jwks.json') return [200, this.jwks];
    if (req.url === '/oauth/revocations') return [200, JSON.stringify({ jti: [], users: [], clients: [] })];
    if (req.url !== '/challenge/verify') return [404, JSON.stringify({ error: 'not_found' })];
    const [status, body] = this.verifyChallenge(req.headers.authorization, Buffer.concat(chunks).toString());
    return [status, JSON.stringify(body)];
  }

  private verifyChallenge(authorization: string | undefined, body: string): [number, unknown] {
    this.verifyCalls++;
    const expected = `Basic ${Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64')}`;
    if (authorization !== expected) return [401, { error: 'invalid_client' }];
    const {
      user,
      secret,
      sign: signature,
    } = JSON.parse(body) as { user: string; secret: string; sign: string };
    if (!/^[A-Za-z0-9_-]{86}$/.test(signature))
      return [400, { error: 'invalid_request', error_description: 'bad signature encoding' }];
    const known = this.users.get(user);
    const ok =
      known !== undefined &&
      verify(null, Buffer.from(secret), known.publicKey, Buffer.from(signature, 'base64url'));
    return ok
      ? [200, { user, roles: known.roles }]
      : [403, { error: 'access_denied', error_description: 'challenge signature rejected' }];
  }
}
