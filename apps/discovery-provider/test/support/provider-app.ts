import { AppModule } from '../../src/app.module';
import { providerConfigFrom } from '../../src/config';
import { providerHttpOptions } from '../../src/http-options';
import {
  type InProcessApp,
  startAppInProcess,
  TEST_AUTHORITY_AUDIENCE,
  TEST_AUTHORITY_ISSUER,
  type TestAuthority,
} from '@gatehouse/testing';

export const PROVIDER_PUBLIC_URL = 'http://provider.test';

export type RunningProvider = InProcessApp;

/** Fast timings for tests; each suite overrides what it exercises. */
export function providerEnv(
  databaseUrl: string,
  authority: TestAuthority,
  dataDir: string,
  extra: Record<string, string> = {},
) {
  return {
    DATABASE_URL: databaseUrl,
    DISCOVERY_PUBLIC_URL: PROVIDER_PUBLIC_URL,
    DISCOVERY_AUTH_JWKS_URL: authority.jwksUrl,
    DISCOVERY_AUTH_ISSUER: TEST_AUTHORITY_ISSUER,
    DISCOVERY_AUTH_AUDIENCE: TEST_AUTHORITY_AUDIENCE,
    GATEHOUSE_DATA_DIR: dataDir,
    DISCOVERY_ALLOW_LOOPBACK: 'true',
    DISCOVERY_CONFIRM_TIMEOUT_MS: '1500',
    DISCOVERY_PUSH_TIMEOUT_MS: '1500',
    DISCOVERY_DELIVERY_POLL_MS: '100',
    DISCOVERY_RETRY_BASE_MS: '100',
    DISCOVERY_RETRY_MAX_MS: '1000',
    DISCOVERY_PING_INTERVAL_MS: '60000',
    DISCOVERY_TTL_MS: '600000',
    DISCOVERY_ROTATION_INTERVAL_MS: '0',
    DISCOVERY_DB_POOL_SIZE: '8',
    ...extra,
  };
}

/** The real provider app on an ephemeral loopback port, built exactly as `main.ts` builds it. */
export async function startProvider(env: Record<string, string>): Promise<RunningProvider> {
  const config = providerConfigFrom(env);
  return startAppInProcess(AppModule.forRoot(config), providerHttpOptions(config), {
    logger: process.env['DISCOVERY_TEST_LOGS'] ? ['error', 'warn'] : false,
  });
}

export async function issueToken(
  provider: RunningProvider,
  adminToken: string,
  body: { name: string; permissions: string[]; expiresIn?: number },
): Promise<{ token: string; jti: string }> {
  const res = await fetch(`${provider.url}/admin/configuration-tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`issue failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { token: string; jti: string };
}
