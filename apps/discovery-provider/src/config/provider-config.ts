import path from 'node:path';
import { parseConfig } from '@gatehouse/platform';
import { type ProviderEnv, providerEnvSchema } from './provider-env.schema';

/** Typed settings of one provider instance; tests build it with `providerConfigFrom({...})`. */
export interface ProviderConfig {
  host: string;
  port: number;
  /** `iss` of the provider's tokens and `provider_host` of configuration tokens; no trailing slash. */
  publicUrl: string;
  databaseUrl: string | undefined;
  dbPoolSize: number;
  dataDir: string;
  /** Admin access tokens: auth's keys and claims, and its revocation feed. */
  auth: {
    jwksUrl: string;
    issuer: string;
    audience: string;
    /** The provider's own client at auth; undefined: no revocation feed (a warning at boot). */
    client: { id: string; secret: string } | undefined;
    revocationsUrl: string;
    revocationPollMs: number;
  };
  keys: {
    /** base64 of 32 bytes; undefined => a local key file under `dataDir` (with a warning). */
    encryptionKey: string | undefined;
    signingAlg: 'ES256' | 'EdDSA';
    /** 0: no scheduled rotation. */
    rotationIntervalMs: number;
    publishLeadMs: number;
    refreshMs: number;
  };
  /** Where `host`/`gate_host` may point. */
  hosts: { allowed: string[]; allowLoopback: boolean };
  trustedProxies: string[];
  registration: { confirmTimeoutMs: number; serviceTokenMaxAgeSec: number };
  liveness: { pingIntervalMs: number; ttlMs: number };
  /** Pair-token rotation; `intervalMs` 0 turns it off. */
  rotation: { intervalMs: number; overlapMs: number };
  delivery: {
    pushTimeoutMs: number;
    concurrency: number;
    pollMs: number;
    coalesceMs: number;
    retryBaseMs: number;
    retryMaxMs: number;
  };
  /** Background work (delivery, pings, rotation); off for a replica that serves HTTP alone. */
  workers: boolean;
}

export function toProviderConfig(env: ProviderEnv): ProviderConfig {
  const clientId = env.DISCOVERY_AUTH_CLIENT_ID;
  const clientSecret = env.DISCOVERY_AUTH_CLIENT_SECRET;
  return {
    host: env.DISCOVERY_HOST,
    port: env.DISCOVERY_PORT,
    publicUrl: (env.DISCOVERY_PUBLIC_URL ?? `http://localhost:${env.DISCOVERY_PORT}`).replace(/\/+$/, ''),
    databaseUrl: env.DATABASE_URL,
    dbPoolSize: env.DISCOVERY_DB_POOL_SIZE,
    dataDir: path.resolve(env.GATEHOUSE_DATA_DIR),
    auth: {
      jwksUrl: env.DISCOVERY_AUTH_JWKS_URL,
      issuer: env.DISCOVERY_AUTH_ISSUER,
      audience: env.DISCOVERY_AUTH_AUDIENCE,
      client: clientId && clientSecret ? { id: clientId, secret: clientSecret } : undefined,
      revocationsUrl:
        env.DISCOVERY_AUTH_REVOCATIONS_URL ?? new URL('/oauth/revocations', env.DISCOVERY_AUTH_JWKS_URL).href,
      revocationPollMs: env.DISCOVERY_REVOCATION_POLL_MS,
    },
    keys: {
      encryptionKey: env.DISCOVERY_KEY_ENCRYPTION_KEY,
      signingAlg: env.DISCOVERY_SIGNING_ALG,
      rotationIntervalMs: env.DISCOVERY_KEY_ROTATION_INTERVAL_MS,
      publishLeadMs: env.DISCOVERY_KEY_PUBLISH_LEAD_MS,
      refreshMs: env.DISCOVERY_KEY_REFRESH_MS,
    },
    hosts: { allowed: env.DISCOVERY_ALLOWED_HOSTS, allowLoopback: env.DISCOVERY_ALLOW_LOOPBACK },
    trustedProxies: env.DISCOVERY_TRUSTED_PROXIES,
    registration: {
      confirmTimeoutMs: env.DISCOVERY_CONFIRM_TIMEOUT_MS,
      // JWT `iat` is whole seconds.
      serviceTokenMaxAgeSec: Math.ceil(env.DISCOVERY_SERVICE_TOKEN_MAX_AGE_MS / 1000),
    },
    liveness: { pingIntervalMs: env.DISCOVERY_PING_INTERVAL_MS, ttlMs: env.DISCOVERY_TTL_MS },
    rotation: {
      intervalMs: env.DISCOVERY_ROTATION_INTERVAL_MS,
      overlapMs: env.DISCOVERY_ROTATION_OVERLAP_MS,
    },
    delivery: {
      pushTimeoutMs: env.DISCOVERY_PUSH_TIMEOUT_MS,
      concurrency: env.DISCOVERY_DELIVERY_CONCURRENCY,
      pollMs: env.DISCOVERY_DELIVERY_POLL_MS,
      coalesceMs: env.DISCOVERY_DELIVERY_COALESCE_MS,
      retryBaseMs: env.DISCOVERY_RETRY_BASE_MS,
      retryMaxMs: env.DISCOVERY_RETRY_MAX_MS,
    },
    workers: env.DISCOVERY_WORKERS,
  };
}

/** Parses an environment-like record, deprecated names included; throws a `ConfigError` on bad input. */
export function providerConfigFrom(env: Record<string, string | undefined>): ProviderConfig {
  return toProviderConfig(parseConfig(providerEnvSchema, env));
}
