import path from 'node:path';
import { parseConfig } from '@gatehouse/platform';
import type { BootstrapMode, ThrottleSettings } from '../accounts';
import { type AuthEnv, authEnvSchema } from './auth-env.schema';

/** Typed settings of one auth app instance; tests build it with `authConfigFrom({...})`. */
export interface AuthConfig {
  port: number;
  host: string;
  issuer: string;
  audience: string[];
  databaseUrl: string | undefined;
  runMigrations: boolean;
  dbPoolSize: number;
  accessTokenTtlSec: number;
  refreshTokenTtlSec: number;
  refreshFamilyTtlSec: number;
  keys: {
    /** base64 of 32 bytes; undefined => a local key file under `dataDir` (with a warning). */
    encryptionKey: string | undefined;
    publishLeadSec: number;
    rotationIntervalSec: number;
    reloadIntervalSec: number;
    jwksMaxAgeSec: number;
  };
  bootstrapFile: string | undefined;
  bootstrapMode: BootstrapMode;
  trustedProxies: string[];
  corsOrigins: string[];
  throttle: Partial<ThrottleSettings>;
  /** Clients whose `clientIp` on the challenge check is believed. */
  gateClients: string[];
  /** How often auth's own admin guard reloads revocations (`AUTH_REVOCATION_POLL_MS`). */
  revocationPollMs: number;
  /** See `ClientAuthCache`: the bound on how late another replica's client change is seen. */
  clientCacheTtlMs: number;
  /** Undefined: UV_THREADPOOL_SIZE - 1 (see `defaultHashConcurrency`). */
  hashConcurrency: number | undefined;
  dataDir: string;
}

/** Token and cache times are whole seconds; a duration variable is milliseconds, rounded up. */
const toSec = (ms: number): number => Math.ceil(ms / 1000);

export function toAuthConfig(env: AuthEnv): AuthConfig {
  const issuer = env.AUTH_ISSUER.replace(/\/+$/, '');
  const publishLeadSec = toSec(env.AUTH_KEY_PUBLISH_LEAD_MS);
  return {
    port: env.AUTH_PORT,
    host: env.AUTH_HOST,
    issuer,
    audience: env.AUTH_AUDIENCE.length > 0 ? env.AUTH_AUDIENCE : [issuer],
    databaseUrl: env.DATABASE_URL,
    runMigrations: env.AUTH_RUN_MIGRATIONS,
    dbPoolSize: env.AUTH_DB_POOL_SIZE,
    accessTokenTtlSec: toSec(env.AUTH_ACCESS_TOKEN_TTL_MS),
    refreshTokenTtlSec: toSec(env.AUTH_REFRESH_TOKEN_TTL_MS),
    refreshFamilyTtlSec: toSec(env.AUTH_REFRESH_FAMILY_TTL_MS),
    keys: {
      encryptionKey: env.AUTH_KEY_ENCRYPTION_KEY,
      publishLeadSec,
      rotationIntervalSec: toSec(env.AUTH_KEY_ROTATION_INTERVAL_MS),
      // Every replica must have reloaded a new key before it starts signing.
      reloadIntervalSec: Math.min(
        toSec(env.AUTH_KEY_RELOAD_INTERVAL_MS),
        Math.max(1, Math.floor(publishLeadSec / 2)),
      ),
      // Must stay below the lead time, so every verifier has refetched before a new key signs.
      jwksMaxAgeSec: Math.min(toSec(env.AUTH_JWKS_MAX_AGE_MS), Math.max(1, Math.floor(publishLeadSec / 2))),
    },
    bootstrapFile: env.AUTH_BOOTSTRAP_FILE,
    bootstrapMode: env.AUTH_BOOTSTRAP_MODE,
    trustedProxies: env.AUTH_TRUSTED_PROXIES,
    corsOrigins: env.AUTH_CORS_ORIGINS,
    throttle: {
      ipLimit: env.AUTH_THROTTLE_IP_LIMIT,
      ipWindowSec: toSec(env.AUTH_THROTTLE_IP_WINDOW_MS),
      ipBlockSec: toSec(env.AUTH_THROTTLE_IP_BLOCK_MS),
      freeFailures: env.AUTH_THROTTLE_FREE_FAILURES,
      baseDelaySec: toSec(env.AUTH_THROTTLE_BASE_DELAY_MS),
      maxDelaySec: toSec(env.AUTH_THROTTLE_MAX_DELAY_MS),
      clientRatePerSec: env.AUTH_CLIENT_RATE_PER_SEC,
      hashQueueLimit: env.AUTH_HASH_QUEUE_LIMIT,
      hashPerAddress: env.AUTH_HASH_PER_ADDRESS,
    },
    gateClients: env.AUTH_GATE_CLIENTS,
    revocationPollMs: env.AUTH_REVOCATION_POLL_MS,
    clientCacheTtlMs: env.AUTH_CLIENT_CACHE_TTL_MS,
    hashConcurrency: env.AUTH_HASH_CONCURRENCY,
    dataDir: path.resolve(env.GATEHOUSE_DATA_DIR),
  };
}

/** Parses an environment-like record, deprecated names included; throws a `ConfigError` on bad input. */
export function authConfigFrom(env: Record<string, string | undefined>): AuthConfig {
  return toAuthConfig(parseConfig(authEnvSchema, env));
}

/** Longest time any token we sign stays valid: how long a retired key must stay published. */
export function maxTokenLifetimeSec(config: AuthConfig): number {
  return Math.max(config.accessTokenTtlSec, config.refreshTokenTtlSec);
}
