import path from 'node:path';
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

export function toAuthConfig(env: AuthEnv): AuthConfig {
  const issuer = env.AUTH_ISSUER.replace(/\/+$/, '');
  return {
    port: env.AUTH_PORT,
    host: env.AUTH_HOST,
    issuer,
    audience: env.AUTH_AUDIENCE.length > 0 ? env.AUTH_AUDIENCE : [issuer],
    databaseUrl: env.DATABASE_URL,
    runMigrations: env.AUTH_RUN_MIGRATIONS,
    dbPoolSize: env.AUTH_DB_POOL_SIZE,
    accessTokenTtlSec: env.AUTH_ACCESS_TOKEN_TTL_SEC,
    refreshTokenTtlSec: env.AUTH_REFRESH_TOKEN_TTL_SEC,
    refreshFamilyTtlSec: env.AUTH_REFRESH_FAMILY_TTL_SEC,
    keys: {
      encryptionKey: env.AUTH_KEY_ENCRYPTION_KEY,
      publishLeadSec: env.AUTH_KEY_PUBLISH_LEAD_SEC,
      rotationIntervalSec: env.AUTH_KEY_ROTATION_INTERVAL_SEC,
      // Every replica must have reloaded a new key before it starts signing.
      reloadIntervalSec: Math.min(
        env.AUTH_KEY_RELOAD_INTERVAL_SEC,
        Math.max(1, Math.floor(env.AUTH_KEY_PUBLISH_LEAD_SEC / 2)),
      ),
      // Must stay below the lead time, so every verifier has refetched before a new key signs.
      jwksMaxAgeSec: Math.min(
        env.AUTH_JWKS_MAX_AGE_SEC,
        Math.max(1, Math.floor(env.AUTH_KEY_PUBLISH_LEAD_SEC / 2)),
      ),
    },
    bootstrapFile: env.AUTH_BOOTSTRAP_FILE,
    bootstrapMode: env.AUTH_BOOTSTRAP_MODE,
    trustedProxies: env.AUTH_TRUSTED_PROXIES,
    corsOrigins: env.AUTH_CORS_ORIGINS,
    throttle: {
      ipLimit: env.AUTH_THROTTLE_IP_LIMIT,
      ipWindowSec: env.AUTH_THROTTLE_IP_WINDOW_SEC,
      ipBlockSec: env.AUTH_THROTTLE_IP_BLOCK_SEC,
      freeFailures: env.AUTH_THROTTLE_FREE_FAILURES,
      baseDelaySec: env.AUTH_THROTTLE_BASE_DELAY_SEC,
      maxDelaySec: env.AUTH_THROTTLE_MAX_DELAY_SEC,
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

/** Parses an environment-like record (throws on bad input; `main.ts` uses `loadConfig` instead). */
export function authConfigFrom(env: Record<string, string | undefined>): AuthConfig {
  return toAuthConfig(authEnvSchema.parse(env));
}

/** Longest time any token we sign stays valid: how long a retired key must stay published. */
export function maxTokenLifetimeSec(config: AuthConfig): number {
  return Math.max(config.accessTokenTtlSec, config.refreshTokenTtlSec);
}
