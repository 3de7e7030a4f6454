import { type Dispatcher, errors, request } from 'undici';
import { DiscoveryClientError, DiscoveryClientErrorCode } from '../errors/discovery-client.error';
import { type PeerRequestInit, type PeerResponse, peerResponse } from './peer-response';

/** One HTTP call to a peer with its pair token; transport failures become typed errors. */
export async function callPeer(
  dispatcher: Dispatcher,
  url: URL,
  token: string,
  init: PeerRequestInit,
  defaultTimeoutMs: number,
): Promise<PeerResponse> {
  const timeoutMs = init.timeoutMs ?? defaultTimeoutMs;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  const { body, contentType } = encode(init.body);
  const headers: Record<string, string> = {
    ...(contentType ? { 'content-type': contentType } : {}),
    ...init.headers,
    authorization: `Bearer ${token}`,
  };
  try {
    const response = await request(url, { method: init.method ?? 'POST', headers, body, signal, dispatcher });
    const bytes = Buffer.from(await response.body.arrayBuffer());
    return peerResponse(response.statusCode, response.headers, bytes);
  } catch (error) {
    if (timeout.aborted) {
      throw new DiscoveryClientError(
        DiscoveryClientErrorCode.Timeout,
        `${url.origin} did not answer within ${timeoutMs} ms`,
        { cause: error },
      );
    }
    const reason =
      error instanceof errors.UndiciError || error instanceof Error ? error.message : String(error);
    throw new DiscoveryClientError(
      DiscoveryClientErrorCode.CallFailed,
      `call to ${url.origin} failed: ${reason}`,
      { cause: error },
    );
  }
}

function encode(body: unknown): { body: string | Buffer | undefined; contentType: string | undefined } {
  if (body === undefined) return { body: undefined, contentType: undefined };
  if (typeof body === 'string' || Buffer.isBuffer(body)) return { body, contentType: undefined };
  if (body instanceof Uint8Array) return { body: Buffer.from(body), contentType: undefined };
  return { body: JSON.stringify(body), contentType: 'application/json' };
}
