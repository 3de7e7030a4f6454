import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type AppProcess, freePort, startAppProcess } from '@gatehouse/testing';
import { TEST_AUTHORITY_AUDIENCE, TEST_AUTHORITY_ISSUER, type TestAuthority } from '@gatehouse/testing';

/** The real discovery provider, as a process from dist/ (`npm run build` first). */
export async function startProvider(databaseUrl: string, authority: TestAuthority): Promise<AppProcess> {
  const port = await freePort();
  return startAppProcess({
    app: 'discovery-provider',
    port,
    env: {
      DISCOVERY_HOST: '127.0.0.1',
      DISCOVERY_PORT: String(port),
      DISCOVERY_PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: databaseUrl,
      DISCOVERY_AUTH_JWKS_URL: authority.jwksUrl,
      DISCOVERY_AUTH_ISSUER: TEST_AUTHORITY_ISSUER,
      DISCOVERY_AUTH_AUDIENCE: TEST_AUTHORITY_AUDIENCE,
      GATEHOUSE_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'facade-e2e-provider-')),
      DISCOVERY_ALLOW_LOOPBACK: 'true',
      DISCOVERY_DELIVERY_POLL_MS: '100',
      DISCOVERY_RETRY_BASE_MS: '100',
      DISCOVERY_RETRY_MAX_MS: '1000',
      DISCOVERY_PING_INTERVAL_MS: '1000',
      DISCOVERY_TTL_MS: '30000',
      DISCOVERY_ROTATION_INTERVAL_MS: '0',
      DISCOVERY_DB_POOL_SIZE: '4',
      LOG_LEVEL: 'warn',
    },
  });
}

export async function issueConfigurationToken(
  provider: AppProcess,
  admin: string,
  name: string,
  permissions: string[],
): Promise<string> {
  const res = await fetch(`${provider.url}/admin/configuration-tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, permissions }),
  });
  if (res.status !== 201) throw new Error(`issuing a token failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
