import type { RegisterBody } from '@gatehouse/protocol';
import { type Dispatcher, request } from 'undici';
import { z } from 'zod';

export const registeredSchema = z.looseObject({
  status: z.literal('registered'),
  name: z.string(),
  instanceId: z.string().min(1),
  revision: z.number().int().nonnegative(),
});
export type Registered = z.infer<typeof registeredSchema>;

// Problem JSON (`code`, `detail`); `error`/`message` from providers older than that.
const errorBodySchema = z.looseObject({
  code: z.string().optional(),
  detail: z.string().optional(),
  error: z.string().optional(),
  message: z.string().optional(),
});

/** A refused or failed call to the provider; `retryable` is false when trying again cannot help soon. */
export class ProviderCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'ProviderCallError';
  }
}

/** `POST /register` and `POST /deregister` on the provider named in the configuration token. */
export class ProviderApi {
  constructor(
    private readonly providerHost: string,
    private readonly dispatcher: Dispatcher,
    private readonly timeoutMs: number,
  ) {}

  async register(body: RegisterBody): Promise<Registered> {
    const answer = await this.post('register', body);
    const parsed = registeredSchema.safeParse(answer);
    if (!parsed.success)
      throw new ProviderCallError('bad_response', 'unexpected /register answer', 200, true);
    return parsed.data;
  }

  async deregister(body: RegisterBody): Promise<void> {
    await this.post('deregister', body);
  }

  private async post(path: string, body: RegisterBody): Promise<unknown> {
    const url = new URL(path, this.providerHost.endsWith('/') ? this.providerHost : `${this.providerHost}/`);
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: 'POST',
        dispatcher: this.dispatcher,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as { name?: string }).name === 'TimeoutError';
      throw new ProviderCallError(timedOut ? 'timeout' : 'unreachable', describe(error), undefined, true);
    }
    const text = await response.body.text().catch(() => '');
    const json = parseJson(text);
    if (response.statusCode >= 200 && response.statusCode < 300) return json;
    const failure = errorBodySchema.safeParse(json);
    const said = failure.success ? failure.data : {};
    const code = said.code ?? said.error ?? `http_${response.statusCode}`;
    const message =
      said.detail ?? said.message ?? (said.code || said.error ? code : `HTTP ${response.statusCode}`);
    throw new ProviderCallError(code, message, response.statusCode, isRetryable(response.statusCode));
  }
}

/** Server-side trouble and the confirm-call failures (502/504) pass; a refused token or host does not. */
function isRetryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return [error instanceof Error ? error.message : String(error), cause?.code].filter(Boolean).join(': ');
}
