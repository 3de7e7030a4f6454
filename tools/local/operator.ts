/** What an operator does by hand, done for a local run: an admin token, configuration tokens. */
export async function operatorToken(authUrl: string, clientId: string, secret: string): Promise<string> {
  const res = await fetch(`${authUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const body = (await res.json()) as { access_token?: string };
  if (!res.ok || !body.access_token)
    throw new Error(`operator token refused: ${res.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

export async function issueConfigurationToken(
  providerUrl: string,
  adminToken: string,
  name: string,
  permissions: string[],
): Promise<string> {
  const res = await fetch(`${providerUrl}/admin/configuration-tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, permissions }),
  });
  const body = (await res.json()) as { token?: string };
  if (!res.ok || !body.token)
    throw new Error(`configuration token for ${name} refused: ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

export interface ConfigurationTokenSummary {
  jti: string;
  name: string;
  revokedAt: string | null;
  expiresAt: string | null;
}

export async function listConfigurationTokens(
  providerUrl: string,
  adminToken: string,
): Promise<ConfigurationTokenSummary[]> {
  const res = await fetch(`${providerUrl}/admin/configuration-tokens`, {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  const body = (await res.json()) as ConfigurationTokenSummary[];
  if (!res.ok) throw new Error(`listing configuration tokens refused: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

export async function revokeConfigurationToken(
  providerUrl: string,
  adminToken: string,
  jti: string,
): Promise<void> {
  const res = await fetch(`${providerUrl}/admin/configuration-tokens/${encodeURIComponent(jti)}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${adminToken}` },
  });
  if (!res.ok)
    throw new Error(`revoking configuration token ${jti} refused: ${res.status} ${await res.text()}`);
}
