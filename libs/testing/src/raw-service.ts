import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify, SignJWT } from 'jose';

/**
 * A service instance written only from PROTOCOL.md section 1 and the provider's wire contract,
 * with jose and node:http (none of our libraries): it registers with an HS256 service token,
 * answers confirm/update/ping on its gate_host and checks the provider's signature on every call.
 */
export interface UpdateView {
  method: 'update';
  permissions: Record<string, { host: string; token: string }>;
  allows: Record<string, string>;
  callers?: Record<string, string>;
  revision: number;
  hosts?: Record<string, string[]>;
}

export type ConfirmMode = 'correct' | 'wrong-signature' | 'hang' | 'error';

export class RawService {
  readonly signature = randomBytes(32).toString('base64url');
  confirmMode: ConfirmMode = 'correct';
  answerPings = true;
  /** Update calls still to refuse with 503 (the provider must keep them in its outbox and retry). */
  refuseUpdates = 0;
  refusedUpdates = 0;
  /** Latest view by revision (stale ones ignored, as a service must). */
  view: UpdateView | undefined;
  readonly updates: UpdateView[] = [];
  readonly forged: string[] = [];
  pings = 0;
  private server!: Server;
  private port = 0;
  private keys: ReturnType<typeof createRemoteJWKSet> | undefined;

  constructor(
    readonly name: string,
    private readonly providerIssuer: string,
  ) {}

  get host(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get gateHost(): string {
    return `http://127.0.0.1:${this.port}/discovery`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  serviceToken(configurationToken: string, claims: Record<string, unknown> = {}): Promise<string> {
    return new SignJWT({
      host: this.host,
      gate_host: this.gateHost,
      configuration_token: configurationToken,
      ...claims,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .sign(new TextEncoder().encode(this.signature));
  }

  /** `POST {provider_host}/register {token, signature}`; `providerUrl` is where the provider really listens. */
  async register(providerUrl: string, configurationToken: string, headers: Record<string, string> = {}) {
    this.keys ??= createRemoteJWKSet(new URL(`${providerUrl}/.well-known/jwks.json`));
    const token = await this.serviceToken(configurationToken);
    return post(`${providerUrl}/register`, { token, signature: this.signature }, headers);
  }

  async deregister(providerUrl: string, configurationToken: string) {
    const token = await this.serviceToken(configurationToken);
    return post(`${providerUrl}/deregister`, { token, signature: this.signature });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    if (!(await this.verifiedProviderCall(req, raw))) {
      this.forged.push(raw);
      res.writeHead(401).end();
      return;
    }
    const message = JSON.parse(raw) as { method: string; hashed_signature?: string; revision?: number };
    switch (message.method) {
      case 'confirm':
        return this.confirm(message.hashed_signature ?? '', res);
      case 'update':
        if (this.refuseUpdates > 0) {
          this.refuseUpdates--;
          this.refusedUpdates++;
          return json(res, 503, { status: 'busy' });
        }
        this.updates.push(message as unknown as UpdateView);
        if (!this.view || message.revision! > this.view.revision)
          this.view = message as unknown as UpdateView;
        return json(res, 200, { status: 'ok' });
      case 'ping':
        this.pings++;
        if (!this.answerPings) return json(res, 503, { status: 'down' });
        return json(res, 200, { status: 'ok' });
      default:
        return json(res, 400, { error: 'unknown method' });
    }
  }

  private confirm(hashed: string, res: ServerResponse): void {
    const expected = createHash('md5').update(this.signature).digest('hex');
    if (hashed !== expected) return json(res, 400, { error: 'unknown key' });
    switch (this.confirmMode) {
      case 'correct':
        return json(res, 200, { signature: this.signature });
      case 'wrong-signature':
        return json(res, 200, { signature: randomBytes(32).toString('base64url') });
      case 'error':
        return json(res, 500, { error: 'boom' });
      case 'hang':
        return; // never answers; the provider must time out
    }
  }

  /** `X-Gatehouse-Provider-Signature`: a JWT by the provider, for this gate_host, over these bytes. */
  private async verifiedProviderCall(req: IncomingMessage, raw: string): Promise<boolean> {
    const header = req.headers['x-gatehouse-provider-signature'];
    if (typeof header !== 'string' || !this.keys) return false;
    try {
      const { payload } = await jwtVerify(header, this.keys, {
        issuer: this.providerIssuer,
        audience: this.gateHost,
        typ: 'gatehouse-update+jwt',
        algorithms: ['ES256', 'EdDSA'],
      });
      return payload['sha256'] === createHash('sha256').update(raw).digest('hex');
    } catch {
      return false;
    }
  }
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { raw: text };
  }
  return { status: res.status, body: parsed };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
