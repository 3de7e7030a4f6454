import { CommandFailure } from './cli-errors';

/** Long enough for a provider under load, short enough that a black-holed address is reported. */
export const REQUEST_TIMEOUT_MS = 30_000;

export interface JsonAnswer {
  status: number;
  ok: boolean;
  body: unknown;
}

/**
 * One request whose answer is JSON. Whatever goes wrong on the way is a CommandFailure that names
 * the URL tried, so that a wrong DISCOVERY_URL or AUTH_URL is obvious from the one line.
 */
export async function requestJson(url: string, init: RequestInit): Promise<JsonAnswer> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    text = await res.text();
  } catch (error) {
    if (fieldOf(error, 'name') === 'TimeoutError') {
      throw new CommandFailure(`no answer from ${url} within ${REQUEST_TIMEOUT_MS / 1000} s`);
    }
    throw new CommandFailure(`cannot reach ${url}: ${networkReason(error)}`);
  }
  try {
    return { status: res.status, ok: res.ok, body: JSON.parse(text) as unknown };
  } catch {
    throw new CommandFailure(
      `${url} answered ${res.status} with a body that is not JSON (is this the right URL?)`,
    );
  }
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is it running, on this port?)',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be resolved now',
  ECONNRESET: 'the connection was reset',
};

/** fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND …) is in its cause. */
function networkReason(error: unknown): string {
  const cause = fieldOf(error, 'cause');
  const code = fieldOf(cause, 'code');
  if (typeof code === 'string') return REASONS[code] ?? code;
  const message = fieldOf(cause, 'message') ?? fieldOf(error, 'message');
  return typeof message === 'string' ? message : String(error);
}

// Read by name, not by instanceof: fetch's errors may come from another realm (a jest sandbox).
function fieldOf(value: unknown, field: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;
}

/** The code and its description from an error body, problem JSON or RFC 6749. */
export function errorOf(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const fields = body as Record<string, unknown>;
  const code = [fields['code'], fields['error']].find((v) => typeof v === 'string') ?? '';
  const text = [fields['error_description'], fields['message'], fields['detail']].find(
    (v) => typeof v === 'string',
  );
  return [code, text].filter(Boolean).join(': ');
}
