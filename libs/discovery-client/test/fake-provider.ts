import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { md5Hex, serviceTokenKey, sha256Hex, signToken, verifyToken } from '@gatehouse/protocol';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

export interface Registration {
  instanceId: string;
  signature: string;
  token: string;
  host: string;
  gateHost: string;
  /** The token the instance deregistered with. */
  deregisterToken?: string;
}

export interface PushResult {
  status: number;
  body: Record<string, unknown>;
}

export type PushSigning = 'valid' | 'none' | 'forged' | 'other-body' | 'wrong-aud';

/**
 * A provider written from PROTOCOL.md section 1, small enough to read: verifies the service
 * token, calls confirm on gate_host (signed), records instances, and can push signed (or forged)
 * calls. Not our provider app: it lets the client library be tested on its own, including attacks.
 */
export class FakeProvider {
  readonly registrations: Registration[] = [];
  readonly deregistrations: Registration[] = [];
  /** Answer the next N /register calls with 503 (provider trouble). */
  failNext = 0;
  private server!: Server;
  private key!: CryptoKey;
  private forger!: CryptoKey;
  private jwk!: JWK;
  private revisionCounter = 0;
  url = '';

  async start(): Promise<void> {
    const pair = await generateKeyPair('ES256', { extractable: true });
    this.key = pair.privateKey;
    this.forger = (await generateKeyPair('ES256')).privateKey;
    this.jwk = { ...(await exportJWK(pair.publicKey)), kid: 'fake-1', alg: 'ES256', use: 'sig' };
    this.server = createServer((req, res) => {
      void this.route(req).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** A configuration token as the provider would issue it (signed; the client only decodes it). */
  configurationToken(name: string, permissions: string[]): Promise<string> {
    return new SignJWT({ name, provider_host: this.url, permissions, jti: randomUUID() })
      .setProtectedHeader({ alg: 'ES256', kid: 'fake-1', typ: 'gatehouse-config+jwt' })
      .setIssuer(this.url)
      .setIssuedAt()
      .sign(this.key);
  }

  nextRevision(): number {
    return ++this.revisionCounter;
  }

  /** POST `body` to the gate host with the provider signature header (or a broken one). */
  async push(gateHost: string, body: unknown, signing: PushSigning = 'valid'): Promise<PushResult> {
    const raw = JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signing !== 'none')
      headers['x-gatehouse-provider-signature'] = await this.sign(gateHost, raw, signing);
    const res = await fetch(gateHost, { method: 'POST', headers, body: raw });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  private sign(gateHost: string, raw: string, signing: PushSigning): Promise<string> {
    const key = signing === 'forged' ? this.forger : this.key;
    const sha256 = sha256Hex(signing === 'other-body' ? `${raw} ` : raw);
    const audience = signing === 'wrong-aud' ? 'http://elsewhere/discovery' : gateHost;
    return signToken(
      'update',
      { sha256 },
      { alg: 'ES256', kid: 'fake-1', key },
      { issuer: this.url, audience, expiresInSec: 60 },
    );
  }

  private async route(req: IncomingMessage): Promise<PushResult> {
    if (req.method === 'GET' && req.url === '/.well-known/jwks.json')
      return { status: 200, body: { keys: [this.jwk] } };
    const body = JSON.parse((await text(req)) || '{}') as { token: string; signature: string };
    if (req.url === '/register') return this.register(body);
    if (req.url === '/deregister') {
      const index = this.registrations.findIndex((r) => r.signature === body.signature);
      if (index < 0) return { status: 404, body: { error: 'not_registered', message: 'unknown instance' } };
      await verifyToken('service', body.token, serviceTokenKey(body.signature), {});
      this.deregistrations.push(
        ...this.registrations.splice(index, 1).map((r) => ({ ...r, deregisterToken: body.token })),
      );
      return { status: 200, body: { status: 'deregistered' } };
    }
    return { status: 404, body: { error: 'not_found' } };
  }

  private async register(body: { token: string; signature: string }): Promise<PushResult> {
    if (this.failNext > 0) {
      this.failNext--;
      return { status: 503, body: { error: 'temporarily_unavailable', message: 'try later' } };
    }
    const { claims } = await verifyToken('service', body.token, serviceTokenKey(body.signature), {});
    const confirm = await this.push(claims.gate_host, {
      hashed_signature: md5Hex(body.signature),
      method: 'confirm',
    });
    if (confirm.status !== 200 || confirm.body['signature'] !== body.signature) {
      return {
        status: 502,
        body: { error: 'confirm_failed', message: `confirm answered ${confirm.status}` },
      };
    }
    const registration = {
      instanceId: randomUUID(),
      signature: body.signature,
      token: body.token,
      host: claims.host,
      gateHost: claims.gate_host,
    };
    this.registrations.push(registration);
    return {
      status: 200,
      body: {
        status: 'registered',
        name: 'svc',
        instanceId: registration.instanceId,
        revision: this.revisionCounter,
      },
    };
  }
}

async function text(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
