/** Small HTTP helpers over global fetch: the suites talk to the app as any client would. */
export interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** Header values; an undefined one is left out (handy for "no credentials" cases). */
export type HeaderMap = Record<string, string | undefined>;

function clean(headers: HeaderMap): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined));
}

export function basic(id: string, secret: string): string {
  const enc = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64')}`;
}

export async function postForm<T = Record<string, unknown>>(
  url: string,
  params: Record<string, string>,
  headers: HeaderMap = {},
): Promise<Reply<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: clean({ 'content-type': 'application/x-www-form-urlencoded', ...headers }),
    body: new URLSearchParams(params),
  });
  return reply<T>(res);
}

export async function postJson<T = Record<string, unknown>>(
  url: string,
  body: unknown,
  headers: HeaderMap = {},
): Promise<Reply<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: clean({ 'content-type': 'application/json', ...headers }),
    body: JSON.stringify(body),
  });
  return reply<T>(res);
}

export async function postRaw(
  url: string,
  body: string,
  contentType: string,
  headers: HeaderMap = {},
): Promise<Reply> {
  const res = await fetch(url, {
    method: 'POST',
    headers: clean({ 'content-type': contentType, ...headers }),
    body,
  });
  return reply(res);
}

/** An empty body (RFC 7009's 200) reads as `{}`. */
async function reply<T>(res: Response): Promise<Reply<T>> {
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as T };
}

export async function getJson<T = Record<string, unknown>>(
  url: string,
  headers: HeaderMap = {},
): Promise<Reply<T>> {
  const res = await fetch(url, { headers: clean(headers) });
  return reply<T>(res);
}
