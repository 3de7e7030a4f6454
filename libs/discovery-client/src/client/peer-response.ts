import type { IncomingHttpHeaders } from 'node:http';

/** A peer's HTTP answer, fully read. */
export interface PeerResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  text(): string;
  /** Parses the body as JSON; throws SyntaxError when it is not. */
  json<T = unknown>(): T;
}

export interface PeerRequestInit {
  /** Default POST. */
  method?: string;
  headers?: Record<string, string>;
  /** A string or bytes as is; any other value is sent as JSON. */
  body?: unknown;
  /** Default: the module's `timeoutMs`. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface JsonRpcCallOptions {
  timeoutMs?: number;
  /** Path of the peer's JSON-RPC endpoint. Default `/`. */
  path?: string;
  signal?: AbortSignal;
}

export function peerResponse(status: number, headers: IncomingHttpHeaders, body: Buffer): PeerResponse {
  return Object.freeze({
    status,
    headers,
    body,
    text: () => body.toString('utf8'),
    json: <T>() => JSON.parse(body.toString('utf8')) as T,
  });
}
