import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Agent, request } from 'undici';
import { sha256Hex } from '@gatehouse/protocol';
import { PROVIDER_CONFIG, type ProviderConfig } from '../config';
import { SigningKeysService } from '../keys/signing-keys.service';
import { HostPolicy } from '../net/host-policy';

export const PROVIDER_SIGNATURE_HEADER = 'x-gatehouse-provider-signature';
const MAX_RESPONSE_BYTES = 64 * 1024;
const SIGNATURE_TTL_SEC = 60;
const TIMEOUT_MESSAGE = 'the gate call did not finish in time';

export type GateCallResult =
  | { ok: true; status: number; body: unknown }
  | { ok: false; reason: 'timeout' | 'unreachable' | 'status' | 'malformed'; detail: string };

/**
 * Every call the provider makes to a service's gate_host (confirm, update, ping): a POST whose body
 * is signed in `X-Gatehouse-Provider-Signature` (update token, `aud` = the URL, `sha256` of the
 * exact bytes), over a dispatcher that connects only to allowed addresses and follows no redirect.
 */
@Injectable()
export class GateClient implements OnModuleDestroy {
  private readonly agent: Agent;

  constructor(
    @Inject(PROVIDER_CONFIG) private readonly config: ProviderConfig,
    private readonly keys: SigningKeysService,
    policy: HostPolicy,
  ) {
    this.agent = new Agent({
      connect: { lookup: policy.lookup, timeout: config.registration.confirmTimeoutMs },
      keepAliveTimeout: 10_000,
      connections: 8,
    });
  }

  async post(gateHost: string, message: object, timeoutMs: number): Promise<GateCallResult> {
    const body = JSON.stringify(message);
    const signature = this.keys.signSync(
      'update',
      { sha256: sha256Hex(body) },
      { issuer: this.config.publicUrl, audience: gateHost, expiresInSec: SIGNATURE_TTL_SEC },
    );
    // The call's whole deadline, cleared when the call ends: AbortSignal.timeout's timer outlives
    // the call and builds its TimeoutError when it fires, for each of the two or three calls a
    // registration makes.
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new DOMException(TIMEOUT_MESSAGE, 'TimeoutError')),
      timeoutMs,
    );
    timer.unref();
    try {
      const response = await request(gateHost, {
        method: 'POST',
        dispatcher: this.agent,
        body,
        headers: { 'content-type': 'application/json', [PROVIDER_SIGNATURE_HEADER]: signature },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: deadline.signal,
      });
      const text = await readLimited(response.body);
      if (response.statusCode < 200 || response.statusCode > 299) {
        return { ok: false, reason: 'status', detail: `gate answered ${response.statusCode}` };
      }
      return { ok: true, status: response.statusCode, body: parseJson(text) };
    } catch (error) {
      return { ok: false, reason: isTimeout(error) ? 'timeout' : 'unreachable', detail: describe(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }
}

async function readLimited(body: AsyncIterable<Buffer | Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES)
      throw Object.assign(new Error('response too large'), { code: 'ERESPONSETOOLARGE' });
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);

function isTimeout(error: unknown): boolean {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    name?: unknown;
  };
  return (
    TIMEOUT_CODES.has(String(fields.code)) || fields.name === 'TimeoutError' || fields.name === 'AbortError'
  );
}

function describe(error: unknown): string {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    message?: unknown;
  };
  return String(fields.code ?? fields.message ?? 'request failed').slice(0, 200);
}
