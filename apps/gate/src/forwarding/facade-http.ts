import { Pool } from 'undici';

export interface FacadeHttpOptions {
  timeoutMs: number;
  /** Keep-alive connections per facade origin. */
  connections: number;
}

export interface HttpAnswer {
  status: number;
  text: string;
}

/** POSTs JSON-RPC bodies to a facade URL over a keep-alive pool per origin. */
export class FacadeHttp {
  private readonly pools = new Map<string, Pool>();
  private readonly targets = new Map<string, { origin: string; path: string }>();
  private cachedHeaders: { token: string | undefined; headers: Record<string, string> } | undefined;

  constructor(private readonly options: FacadeHttpOptions) {}

  post(url: string, token: string | undefined, body: string): Promise<HttpAnswer> {
    const { origin, path } = this.parsed(url);
    return this.dispatch(origin, path, this.headers(token), body);
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    this.pools.clear();
  }

  /**
   * One POST through undici's `dispatch` with a handler that only collects the body: `request()`
   * builds a Readable stream, a body mixin and several promises per request, which showed in the
   * profile of a forwarded call.
   */
  private dispatch(
    origin: string,
    path: string,
    headers: Record<string, string>,
    body: string,
  ): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      let status = 0;
      const chunks: Buffer[] = [];
      this.pool(origin).dispatch(
        {
          method: 'POST',
          path,
          headers,
          body,
          headersTimeout: this.options.timeoutMs,
          bodyTimeout: this.options.timeoutMs,
        },
        {
          // undici recognises the v7 handler interface by onRequestStart.
          onRequestStart: () => undefined,
          onResponseStart: (_controller, statusCode) => {
            status = statusCode;
          },
          onResponseData: (_controller, chunk) => {
            chunks.push(chunk);
          },
          onResponseEnd: () => {
            resolve({
              status,
              text:
                chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'),
            });
          },
          onResponseError: (_controller, error) => reject(error),
        },
      );
    });
  }

  private headers(token: string | undefined): Record<string, string> {
    if (this.cachedHeaders !== undefined && this.cachedHeaders.token === token)
      return this.cachedHeaders.headers;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers['authorization'] = `Bearer ${token}`;
    this.cachedHeaders = { token, headers };
    return headers;
  }

  private parsed(url: string): { origin: string; path: string } {
    let target = this.targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
      this.targets.set(url, target);
    }
    return target;
  }

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        connections: this.options.connections,
        pipelining: 1,
        connectTimeout: this.options.timeoutMs,
        keepAliveTimeout: 30_000,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }
}
