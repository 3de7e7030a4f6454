import {
  envBoolean,
  envDataDir,
  envList,
  envMs,
  envNodeEnv,
  envOptionalString,
  envOrigins,
  envPort,
  envTrustedProxies,
  productionRules,
  secondsVariable,
  withAliases,
} from '@gatehouse/platform';
import { keyEncryptionKeyWeakness } from '@gatehouse/secrets';
import { z } from 'zod';

/** Durations that end up as whole seconds (JWT times, HTTP max-age): at least one, rounded up. */
const secondsAsMs = (fallbackSec: number) => envMs(fallbackSec * 1000, { min: 1000 });
const base64Key = envOptionalString().refine(
  (v) => v === undefined || Buffer.from(v, 'base64').length === 32,
  'base64 of exactly 32 bytes',
);

/** The auth app's environment, validated once at boot (every bad variable is named, then it exits). */
const schema = z
  .object({
    AUTH_PORT: envPort(7100),
    AUTH_HOST: z.string().min(1).default('0.0.0.0'),
    AUTH_ISSUER: z.url().default('http://localhost:7100'),
    /** `aud` of access tokens (comma list); defaults to the issuer. */
    AUTH_AUDIENCE: envList(),
    DATABASE_URL: envOptionalString(),
    AUTH_RUN_MIGRATIONS: envBoolean(true),
    AUTH_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
    AUTH_ACCESS_TOKEN_TTL_MS: secondsAsMs(900),
    /** Idle lifetime: each refresh token's own `exp`. */
    AUTH_REFRESH_TOKEN_TTL_MS: secondsAsMs(14 * 86400),
    /** Absolute lifetime of a refresh-token family, from the first login. */
    AUTH_REFRESH_FAMILY_TTL_MS: secondsAsMs(30 * 86400),
    AUTH_KEY_ENCRYPTION_KEY: base64Key,
    AUTH_KEY_PUBLISH_LEAD_MS: secondsAsMs(600),
    AUTH_KEY_ROTATION_INTERVAL_MS: secondsAsMs(7 * 86400),
    AUTH_KEY_RELOAD_INTERVAL_MS: secondsAsMs(30),
    AUTH_JWKS_MAX_AGE_MS: secondsAsMs(300),
    AUTH_BOOTSTRAP_FILE: z.string().min(1).optional(),
    /** `create`: add what is missing, never change what exists; `overwrite`: the file wins (re-apply). */
    AUTH_BOOTSTRAP_MODE: z.enum(['create', 'overwrite']).default('create'),
    AUTH_TRUSTED_PROXIES: envTrustedProxies(),
    /** Web origins whose pages may call auth from the browser (CORS), e.g. a login page's password grant. */
    AUTH_CORS_ORIGINS: envOrigins(),
    /** Failed requests one address may make to the sign-in routes per window, then blocked. */
    AUTH_THROTTLE_IP_LIMIT: z.coerce.number().int().min(1).default(300),
    AUTH_THROTTLE_IP_WINDOW_MS: secondsAsMs(10),
    AUTH_THROTTLE_IP_BLOCK_MS: secondsAsMs(30),
    AUTH_THROTTLE_FREE_FAILURES: z.coerce.number().int().min(0).default(5),
    AUTH_THROTTLE_BASE_DELAY_MS: secondsAsMs(1),
    AUTH_THROTTLE_MAX_DELAY_MS: secondsAsMs(900),
    /** Authenticated requests per second per client (token, introspect, revoke, challenge check). */
    AUTH_CLIENT_RATE_PER_SEC: z.coerce.number().int().min(1).default(20_000),
    /** argon2id jobs that may wait; past it, 503 with Retry-After. */
    AUTH_HASH_QUEUE_LIMIT: z.coerce.number().int().min(0).default(64),
    /** argon2id jobs (running and waiting) one address may hold; past it, 429 with Retry-After. */
    AUTH_HASH_PER_ADDRESS: z.coerce.number().int().min(1).default(8),
    /** Clients whose `clientIp` on /challenge/verify is believed (the gates). */
    AUTH_GATE_CLIENTS: envList(['gate']),
    /** How often auth's own admin guard reloads revocations (its staleness bound). */
    AUTH_REVOCATION_POLL_MS: envMs(2000, { min: 100, max: 60_000 }),
    /** How long a verified client is trusted without rereading it; 0 = off. Capped at a minute. */
    AUTH_CLIENT_CACHE_TTL_MS: envMs(5000, { min: 0, max: 60_000 }),
    /** argon2id hashes at once; unset: UV_THREADPOOL_SIZE - 1, keeping a pool thread for signatures. */
    AUTH_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
    GATEHOUSE_DATA_DIR: envDataDir(),
    NODE_ENV: envNodeEnv,
  })
  .superRefine(
    productionRules([
      { variable: 'DATABASE_URL', why: 'the embedded PostgreSQL is for local runs only' },
      {
        variable: 'AUTH_KEY_ENCRYPTION_KEY',
        why: 'signing keys must not be sealed with a key file kept beside the data',
        check: keyEncryptionKeyWeakness,
      },
    ]),
  );

export const authEnvSchema = withAliases(schema, [
  secondsVariable('AUTH_ACCESS_TOKEN_TTL_SEC', 'AUTH_ACCESS_TOKEN_TTL_MS'),
  secondsVariable('AUTH_REFRESH_TOKEN_TTL_SEC', 'AUTH_REFRESH_TOKEN_TTL_MS'),
  secondsVariable('AUTH_REFRESH_FAMILY_TTL_SEC', 'AUTH_REFRESH_FAMILY_TTL_MS'),
  secondsVariable('AUTH_KEY_PUBLISH_LEAD_SEC', 'AUTH_KEY_PUBLISH_LEAD_MS'),
  secondsVariable('AUTH_KEY_ROTATION_INTERVAL_SEC', 'AUTH_KEY_ROTATION_INTERVAL_MS'),
  secondsVariable('AUTH_KEY_RELOAD_INTERVAL_SEC', 'AUTH_KEY_RELOAD_INTERVAL_MS'),
  secondsVariable('AUTH_JWKS_MAX_AGE_SEC', 'AUTH_JWKS_MAX_AGE_MS'),
  secondsVariable('AUTH_THROTTLE_IP_WINDOW_SEC', 'AUTH_THROTTLE_IP_WINDOW_MS'),
  secondsVariable('AUTH_THROTTLE_IP_BLOCK_SEC', 'AUTH_THROTTLE_IP_BLOCK_MS'),
  secondsVariable('AUTH_THROTTLE_BASE_DELAY_SEC', 'AUTH_THROTTLE_BASE_DELAY_MS'),
  secondsVariable('AUTH_THROTTLE_MAX_DELAY_SEC', 'AUTH_THROTTLE_MAX_DELAY_MS'),
]);

export type AuthEnv = z.output<typeof authEnvSchema>;
