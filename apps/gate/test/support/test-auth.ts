import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { exportPublicJwk, generateSigningKeyPair, signToken, type SigningKeyPair } from '@gatehouse/protocol';

/**
 * A small real auth service for the gate's suites that need to see or steer what auth answers
 * (call counts, a user's keys) without starting auth: `/challenge/verify` (Ed25519 over the secret,
 * HTTP Basic client auth), a JWKS for access tokens it signs, and an empty revocation feed.
 */
export class TestAuth {
  readonly url: Promise<string>;
  readonly clientId = 'gate';
  readonly clientSecret = 'gate-secret';
  readonly issuer = 'http://auth.test';
  private readonly users = new Map<
    string,
    { publicKey: KeyObject; privateKey: KeyObject; roles: string[] }
  >();
  private keys: Promise<SigningKeyPair> = generateSigningKeyPair('ES256');
  private server: Server;
  verifyCalls = 0;

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on(
        'end',
        () =>
          void this.route(req.url ?? '', req.headers.authorization, Buffer.concat(chunks).toString()).then(
            ([status, body]) => {
              res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
            },
          ),
      );
    });
    this.url = new Promise((resolve) =>
      this.server.listen(0, '127.0.0.1', () =>
        resolve(`http://127.0.0.1:${(this.server.address() as AddressInfo).port}`),
      ),
    );
  }

  addUser(name: string, roles: string[] = ['user']): void {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    this.users.set(name, { publicKey, privateKey, roles });
  }

  /** What a client does with the `sign` secret: an Ed25519 signature, base64url. */
  signSecret(user: string, secret: string): string {
    return sign(null, Buffer.from(secret), this.users.get(user)!.privateKey).toString('base64url');
  }

  async accessToken(
    user: string,
    expiresInSec = 60,
    roles = ['user'],
    subType: 'user' | 'client' = 'user',
  ): Promise<string> {
    const { privateKey } = await this.keys;
    return signToken(
      'access',
      { sub: user, sub_type: subType, client_id: 'web', roles },
      { alg: 'ES256', kid: 'k1', key: privateKey },
      {
        issuer: this.issuer,
        audience: 'gatehouse',
        expiresInSec,
      },
    );
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async route(
    url: string,
    authorization: string | undefined,
    body: string,
  ): Promise<[number, unknown]> {
    if (url === '/.well-known/jwks.json') {
      return [200, { keys: [await exportPublicJwk((await this.keys).publicKey, 'k1', 'ES256')] }];
    }
    if (url === '/oauth/revocations') return [200, { jti: [], users: [], clients: [] }];
    if (url !== '/challenge/verify') return [404, { error: 'not_found' }];
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
