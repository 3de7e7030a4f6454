import { z } from 'zod';
import { envBoolean, envList, envNodeEnv, envPort, productionRules } from '@gatehouse/platform';
import { keyEncryptionKeyWeakness } from '@gatehouse/secrets';

const envMs = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);
const httpUrl = z.url({ protocol: /^https?$/ });
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));

/** The provider's environment, validated once at boot (see README "Configuration"). */
export const providerConfigSchema = z
  .object({
    DISCOVERY_HOST: z.string().min(1).default('0.0.0.0'),
    DISCOVERY_PORT: envPort(7000),
    /** Base URL services reach the provider at: `iss` of its tokens and `provider_host` of configuration tokens. */
    DISCOVERY_PUBLIC_URL: httpUrl.optional(),
    DATABASE_URL: optionalString,
    DISCOVERY_DB_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(20),
    DISCOVERY_AUTH_JWKS_URL: httpUrl,
    DISCOVERY_AUTH_ISSUER: z.string().min(1),
    /** `aud` admin access tokens must carry. */
    DISCOVERY_AUTH_AUDIENCE: z.string().min(1).default('discovery-provider'),
    /**
     * The provider's own client at auth, to read auth's revocation feed; unset: revoked admin
     * tokens and disabled admins stay good until `exp` (a warning at boot).
     */
    DISCOVERY_AUTH_CLIENT_ID: optionalString,
    DISCOVERY_AUTH_CLIENT_SECRET: optionalString,
    /** Auth's revocation feed; default: `/oauth/revocations` beside the JWKS URL. */
    DISCOVERY_AUTH_REVOCATIONS_URL: httpUrl.optional(),
    /** How often the feed is reloaded: how late a revocation takes effect at the admin API. */
    DISCOVERY_REVOCATION_POLL_MS: z.coerce.number().int().min(100).default(2000),
    /** base64 of 32 bytes; encrypts signing keys at rest. Absent: a local key under DISCOVERY_DATA_DIR. */
    DISCOVERY_KEY_ENCRYPTION_KEY: optionalString.refine(
      (v) => v === undefined || Buffer.from(v, 'base64').length === 32,
      'base64 of exactly 32 bytes',
    ),
    DISCOVERY_DATA_DIR: z.string().min(1).default('.data'),
    DISCOVERY_SIGNING_ALG: z.enum(['ES256', 'EdDSA']).default('ES256'),
    /** A new signing key this often (0: never). */
    DISCOVERY_KEY_ROTATION_INTERVAL_MS: envMs(30 * 24 * 3600_000),
    /** A new key is published this long before it signs: more than the refresh plus the JWKS max-age (300 s). */
    DISCOVERY_KEY_PUBLISH_LEAD_MS: envMs(15 * 60_000),
    /** How often each replica reloads the key set (new keys, keys no token needs any more). */
    DISCOVERY_KEY_REFRESH_MS: z.coerce.number().int().min(50).default(60_000),
    /** Hosts (`name`, `*.suffix`) and CIDRs that `host`/`gate_host` may point at. */
    DISCOVERY_ALLOWED_HOSTS: envList(),
    DISCOVERY_ALLOW_LOOPBACK: envBoolean(false),
    DISCOVERY_TRUSTED_PROXIES: envList(),
    DISCOVERY_CONFIRM_TIMEOUT_MS: envMs(5000),
    /** A register/deregister service token with `iat` older than this is refused (replay window). */
    DISCOVERY_SERVICE_TOKEN_MAX_AGE_SEC: z.coerce.number().int().min(1).default(300),
    DISCOVERY_PUSH_TIMEOUT_MS: envMs(5000),
    DISCOVERY_PING_INTERVAL_MS: envMs(10_000),
    DISCOVERY_TTL_MS: envMs(30_000),
    /** 0 disables scheduled pair-token rotation. */
    DISCOVERY_ROTATION_INTERVAL_MS: envMs(24 * 3600_000),
    DISCOVERY_ROTATION_OVERLAP_MS: envMs(300_000),
    DISCOVERY_DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(512).default(32),
    DISCOVERY_DELIVERY_POLL_MS: envMs(500),
    /**
     * A change is pushed this long after it committed, so the changes of a burst reach an instance
     * in one push and the worker claims them in one query (0: at once).
     */
    DISCOVERY_DELIVERY_COALESCE_MS: z.coerce.number().int().min(0).max(5000).default(50),
    DISCOVERY_RETRY_BASE_MS: envMs(500),
    DISCOVERY_RETRY_MAX_MS: envMs(60_000),
    /** Background work (delivery, pings, rotation). Off only for a replica that must serve HTTP alone. */
    DISCOVERY_WORKERS: envBoolean(true),
    NODE_ENV: envNodeEnv,
  })
  .superRefine(
    productionRules([
      { variable: 'DATABASE_URL', why: 'the embedded PostgreSQL is for local runs only' },
      {
        variable: 'DISCOVERY_KEY_ENCRYPTION_KEY',
        why: 'signing keys must not be sealed with a key file kept beside the data',
        check: keyEncryptionKeyWeakness,
      },
    ]),
  )
  .refine(
    (env) =>
      (env.DISCOVERY_AUTH_CLIENT_ID === undefined) === (env.DISCOVERY_AUTH_CLIENT_SECRET === undefined),
    {
      message: 'set both DISCOVERY_AUTH_CLIENT_ID and DISCOVERY_AUTH_CLIENT_SECRET, or neither',
      path: ['DISCOVERY_AUTH_CLIENT_SECRET'],
    },
  )
  .transform((env) => ({
    ...env,
    DISCOVERY_AUTH_REVOCATIONS_URL:
      env.DISCOVERY_AUTH_REVOCATIONS_URL ?? new URL('/oauth/revocations', env.DISCOVERY_AUTH_JWKS_URL).href,
    DISCOVERY_PUBLIC_URL: (env.DISCOVERY_PUBLIC_URL ?? `http://localhost:${env.DISCOVERY_PORT}`).replace(
      /\/+$/,
      '',
    ),
  }));

export type ProviderConfig = z.infer<typeof providerConfigSchema>;

/** DI token of the validated configuration. */
export const PROVIDER_CONFIG = Symbol('PROVIDER_CONFIG');
