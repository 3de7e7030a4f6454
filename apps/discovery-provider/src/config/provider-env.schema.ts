import {
  envBoolean,
  envDataDir,
  envList,
  envMs,
  envNodeEnv,
  envOptionalString,
  envPort,
  envTrustedProxies,
  envUrl,
  productionRules,
  renamedVariable,
  secondsVariable,
  withAliases,
} from '@gatehouse/platform';
import { keyEncryptionKeyWeakness } from '@gatehouse/secrets';
import { z } from 'zod';

/** The provider's environment, validated once at boot (see README "Configuration"). */
const schema = z
  .object({
    DISCOVERY_HOST: z.string().min(1).default('0.0.0.0'),
    DISCOVERY_PORT: envPort(7000),
    /** Base URL services reach the provider at: `iss` of its tokens and `provider_host` of configuration tokens. */
    DISCOVERY_PUBLIC_URL: envUrl().optional(),
    DATABASE_URL: envOptionalString(),
    DISCOVERY_DB_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(20),
    DISCOVERY_AUTH_JWKS_URL: envUrl(),
    DISCOVERY_AUTH_ISSUER: z.string().min(1),
    /** `aud` admin access tokens must carry. */
    DISCOVERY_AUTH_AUDIENCE: z.string().min(1).default('discovery-provider'),
    /**
     * The provider's own client at auth, to read auth's revocation feed; unset: revoked admin
     * tokens and disabled admins stay good until `exp` (a warning at boot).
     */
    DISCOVERY_AUTH_CLIENT_ID: envOptionalString(),
    DISCOVERY_AUTH_CLIENT_SECRET: envOptionalString(),
    /** Auth's revocation feed; default: `/oauth/revocations` beside the JWKS URL. */
    DISCOVERY_AUTH_REVOCATIONS_URL: envUrl().optional(),
    /** How often the feed is reloaded: how late a revocation takes effect at the admin API. */
    DISCOVERY_REVOCATION_POLL_MS: envMs(2000, { min: 100 }),
    /** base64 of 32 bytes; encrypts signing keys at rest. Absent: a local key under GATEHOUSE_DATA_DIR. */
    DISCOVERY_KEY_ENCRYPTION_KEY: envOptionalString().refine(
      (v) => v === undefined || Buffer.from(v, 'base64').length === 32,
      'base64 of exactly 32 bytes',
    ),
    GATEHOUSE_DATA_DIR: envDataDir(),
    DISCOVERY_SIGNING_ALG: z.enum(['ES256', 'EdDSA']).default('ES256'),
    /** A new signing key this often (0: never). */
    DISCOVERY_KEY_ROTATION_INTERVAL_MS: envMs(30 * 24 * 3600_000, { min: 0 }),
    /** A new key is published this long before it signs: more than the refresh plus the JWKS max-age (300 s). */
    DISCOVERY_KEY_PUBLISH_LEAD_MS: envMs(15 * 60_000, { min: 0 }),
    /** How often each replica reloads the key set (new keys, keys no token needs any more). */
    DISCOVERY_KEY_REFRESH_MS: envMs(60_000, { min: 50 }),
    /** Hosts (`name`, `*.suffix`) and CIDRs that `host`/`gate_host` may point at. */
    DISCOVERY_ALLOWED_HOSTS: envList(),
    DISCOVERY_ALLOW_LOOPBACK: envBoolean(false),
    DISCOVERY_TRUSTED_PROXIES: envTrustedProxies(),
    DISCOVERY_CONFIRM_TIMEOUT_MS: envMs(5000),
    /** A register/deregister service token with `iat` older than this is refused (replay window). */
    DISCOVERY_SERVICE_TOKEN_MAX_AGE_MS: envMs(300_000, { min: 1000 }),
    DISCOVERY_PUSH_TIMEOUT_MS: envMs(5000),
    DISCOVERY_PING_INTERVAL_MS: envMs(10_000),
    DISCOVERY_TTL_MS: envMs(30_000),
    /** 0 disables scheduled pair-token rotation. */
    DISCOVERY_ROTATION_INTERVAL_MS: envMs(24 * 3600_000, { min: 0 }),
    DISCOVERY_ROTATION_OVERLAP_MS: envMs(300_000, { min: 0 }),
    DISCOVERY_DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(512).default(32),
    DISCOVERY_DELIVERY_POLL_MS: envMs(500),
    /**
     * A change is pushed this long after it committed, so the changes of a burst reach an instance
     * in one push and the worker claims them in one query (0: at once).
     */
    DISCOVERY_DELIVERY_COALESCE_MS: envMs(50, { min: 0, max: 5000 }),
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
  );

export const providerEnvSchema = withAliases(schema, [
  renamedVariable('DISCOVERY_DATA_DIR', 'GATEHOUSE_DATA_DIR'),
  secondsVariable('DISCOVERY_SERVICE_TOKEN_MAX_AGE_SEC', 'DISCOVERY_SERVICE_TOKEN_MAX_AGE_MS'),
]);

export type ProviderEnv = z.output<typeof providerEnvSchema>;
