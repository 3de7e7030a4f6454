import { CommandFailure } from './cli-errors';
import type { AdminCredentials, CliEnvironment } from './cli-environment';
import { errorOf, requestJson } from './http-json';

/** The provider's admin API as the operator's client: an admin token once, then one call. */
export class ProviderAdmin {
  constructor(private readonly env: CliEnvironment) {}

  async call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    const token = await adminToken(this.env.credentials);
    const answer = await requestJson(`${this.env.providerUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!answer.ok)
      throw new CommandFailure(
        `the provider refused ${method} ${path}: ${answer.status} ${errorOf(answer.body)}`,
      );
    return answer.body;
  }
}

async function adminToken(credentials: AdminCredentials): Promise<string> {
  if (credentials.kind === 'token') return credentials.token;
  // RFC 6749 2.3.1: both parts form-urlencoded before Basic.
  const basic = Buffer.from(
    `${encodeURIComponent(credentials.clientId)}:${encodeURIComponent(credentials.clientSecret)}`,
  ).toString('base64');
  const answer = await requestJson(`${credentials.authUrl}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  const token = (answer.body as { access_token?: unknown } | null)?.access_token;
  if (!answer.ok) {
    throw new CommandFailure(
      `auth refused the admin client "${credentials.clientId}": ${answer.status} ${errorOf(answer.body)}`,
    );
  }
  if (typeof token !== 'string')
    throw new CommandFailure(`auth answered ${answer.status} without an access_token`);
  return token;
}
