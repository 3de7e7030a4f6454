import { envNodeEnv, envOrigins, productionRules } from '@gatehouse/platform';
import { keyEncryptionKeyWeakness } from '@gatehouse/secrets';
import { z } from 'zod';

const seconds = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const list = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
const base64Key = z
  .string()
  .refine((v) => Buffer.from(v, 'base64').length === 32, 'base64 of exactly 32 bytes')
  .optional();

/** The auth app's environment, validated once at boot (`loadConfig` names a bad variable and exits). */
export const authEnvSchema = z
  .object({
    AUTH_PORT: z.coerce.number().int().min(0).max(65535).default(7100),
    AUTH_HOST: z.string().min(1).default('0.0.0.0'),
    AUTH_ISSUER: z.url().default('http://localhost:7100'),
    /** `aud` of access tokens (comma list); defaults to the issuer. */
    AUTH_AUDIENCE: list,
    DATABASE_URL: z.string().min(1).optional(),
    AUTH_RUN_MIGRATIONS: z.stringbool().default(true),
    AUTH_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
    AUTH_ACCESS_TOKEN_TTL_SEC: seconds(900),
    /** Idle lifetime: each refresh token's own `exp`. */
    AUTH_REFRESH_TOKEN_TTL_SEC: seconds(14 * 86400),
    /** Absolute lifetime of a refresh-token family, from the first login. */
    AUTH_REFRESH_FAMILY_TTL_SEC: seconds(30 * 86400),
    AUTH_KEY_ENCRYPTION_KEY: base64Key,
    AUTH_KEY_PUBLISH_LEAD_SEC: seconds(600),
    AUTH_KEY_ROTATION_INTERVAL_SEC: seconds(7 * 86400),
    AUTH_KEY_RELOAD_INTERVAL_SEC: seconds(30),
    AUTH_JWKS_MAX_AGE_SEC: seconds(300),
    AUTH_BOOTSTRAP_FILE: z.string().min(1).optional(),
    /** `create`: add what is missing, never change what exists; `overwrite`: the file wins (re-apply). */
    AUTH_BOOTSTRAP_MODE: z.enum(['create', 'overwrite']).default('create'),
    AUTH_TRUSTED_PROXIES: list,
    /** Web origins whose pages may call auth from the browser (CORS), e.g. a login page's password grant. */
    AUTH_CORS_ORIGINS: envOrigins(),
    /** Failed requests one address may make to the sign-in routes per window, then blocked. */
    AUTH_THROTTLE_IP_LIMIT: z.coerce.number().int().min(1).default(300),
    AUTH_THROTTLE_IP_WINDOW_SEC: seconds(10),
    AUTH_THROTTLE_IP_BLOCK_SEC: seconds(30),
    AUTH_THROTTLE_FREE_FAILURES: z.coerce.number().int().min(0).default(5),
    AUTH_THROTTLE_BASE_DELAY_SEC: seconds(1),
    AUTH_THROTTLE_MAX_DELAY_SEC: seconds(900),
    /** Authenticated requests per second per client (token, introspect, revoke, challenge check). */
    AUTH_CLIENT_RATE_PER_SEC: z.coerce.number().int().min(1).default(20_000),
    /** argon2id jobs that may wait; past it, 503 with Retry-After. */
    AUTH_HASH_QUEUE_LIMIT: z.coerce.number().int().min(0).default(64),
    /** argon2id jobs (running and waiting) one address may hold; past it, 429 with Retry-After. */
    AUTH_HASH_PER_ADDRESS: z.coerce.number().int().min(1).default(8),
    /** Clients whose `clientIp` on /challenge/verify is believed (the gates). */
    AUTH_GATE_CLIENTS: z
      .string()
      .default('gate')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    /** How often auth's own admin guard reloads revocations (its staleness bound). */
    AUTH_REVOCATION_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
    /** How long a verified client is trusted without rereading it; 0 = off. Capped at a minute. */
    AUTH_CLIENT_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
    /** argon2id hashes at once; unset: UV_THREADPOOL_SIZE - 1, keeping a pool thread for signatures. */
    AUTH_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
    GATEHOUSE_DATA_DIR: z.string().min(1).default('.data'),
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

export type AuthEnv = z.output<typeof authEnvSchema>;
