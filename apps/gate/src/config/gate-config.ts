import { parseConfig } from '@gatehouse/platform';
import { type GateEnv, gateEnvSchema } from './gate-env.schema';

/** Typed settings of one gate instance; tests build it with `gateConfigFrom({...})`. */
export interface GateConfig {
  client: { host: string; port: number };
  connector: { host: string; port: number; tokens: string[] };
  statsd: { host: string; port: number };
  databaseUrl: string | undefined;
  runMigrations: boolean;
  dbPoolSize: number;
  dayStartHour: number;
  authEnabled: boolean;
  anonymousMethods: string[];
  trustedProxies: string[];
  /** Browser origins allowed on the client listener; empty: any. */
  allowedOrigins: string[];
  limits: {
    maxMessageBytes: number;
    maxBatch: number;
    maxInFlight: number;
    ratePerSec: number;
    rateBurst: number;
    abuseLimit: number;
    maxOutboundBytes: number;
    maxConnections: number;
    maxConnectionsPerIp: number;
    /** 0: anonymous connections may stay for ever. */
    loginTimeoutMs: number;
    maxTransferBytes: number;
    /** Ping period; a socket silent for a whole period is terminated. */
    clientTimeoutMs: number;
  };
  drainTimeoutMs: number;
  facade: {
    url: string;
    timeoutMs: number;
    connections: number;
    batch: boolean;
    batchConcurrency: number;
    maxBatch: number;
    maxBacklog: number;
    link: boolean;
    token: string | undefined;
  };
  auth: {
    url: string;
    clientId: string;
    clientSecret: string | undefined;
    timeoutMs: number;
    secretTtlMs: number;
    jwksUrl: string;
    issuer: string;
    audience: string[];
    /** See `RevocationList`; needs `clientSecret` (the feed is for confidential clients). */
    revocationPollMs: number;
  };
  discovery: { configurationToken: string; publicUrl: string | undefined } | undefined;
  replicaAckTimeoutMs: number;
  statsFlushMs: number;
}

const trim = (url: string): string => url.replace(/\/+$/, '');

export function toGateConfig(env: GateEnv): GateConfig {
  const authUrl = trim(env.GLS_AUTH_CONNECT);
  return {
    client: { host: env.GLS_FRONTEND_GATE_HOST, port: env.GLS_FRONTEND_GATE_PORT },
    connector: {
      host: env.GLS_CONNECTOR_HOST,
      port: env.GLS_CONNECTOR_PORT,
      tokens: env.GATE_CONNECTOR_TOKENS,
    },
    statsd: { host: env.GLS_METRICS_HOST, port: env.GLS_METRICS_PORT },
    databaseUrl: env.DATABASE_URL,
    runMigrations: env.GATE_RUN_MIGRATIONS,
    dbPoolSize: env.GATE_DB_POOL_SIZE,
    dayStartHour: env.GLS_DAY_START,
    authEnabled: !env.GLS_DISABLE_AUTH,
    anonymousMethods: env.GATE_ANONYMOUS_METHODS,
    trustedProxies: env.GATE_TRUSTED_PROXIES,
    allowedOrigins: env.GATE_ALLOWED_ORIGINS,
    limits: {
      maxMessageBytes: env.GATE_MAX_MESSAGE_BYTES,
      maxBatch: env.GATE_MAX_BATCH,
      maxInFlight: env.GATE_MAX_IN_FLIGHT,
      ratePerSec: env.GATE_RATE_PER_SEC,
      rateBurst: Math.max(env.GATE_RATE_BURST, 1),
      abuseLimit: env.GATE_ABUSE_LIMIT,
      maxOutboundBytes: env.GATE_MAX_OUTBOUND_BYTES,
      maxConnections: env.GATE_MAX_CONNECTIONS,
      maxConnectionsPerIp: env.GATE_MAX_CONNECTIONS_PER_IP,
      loginTimeoutMs: env.GATE_LOGIN_TIMEOUT_MS,
      maxTransferBytes: env.GATE_MAX_TRANSFER_BYTES,
      clientTimeoutMs: env.GLS_FRONTEND_GATE_TIMEOUT_FOR_CLIENT,
    },
    drainTimeoutMs: env.GATE_DRAIN_TIMEOUT_MS,
    facade: {
      url: env.GLS_FACADE_CONNECT,
      timeoutMs: env.GATE_FACADE_TIMEOUT_MS,
      connections: env.GATE_FACADE_CONNECTIONS,
      batch: env.GATE_FACADE_BATCH,
      batchConcurrency: env.GATE_FACADE_BATCH_CONCURRENCY,
      maxBatch: env.GATE_FACADE_MAX_BATCH,
      maxBacklog: env.GATE_FACADE_MAX_BACKLOG,
      link: env.GATE_FACADE_LINK,
      token: env.GATE_FACADE_TOKEN,
    },
    auth: {
      url: authUrl,
      clientId: env.GATE_AUTH_CLIENT_ID,
      clientSecret: env.GATE_AUTH_CLIENT_SECRET,
      timeoutMs: env.GATE_AUTH_TIMEOUT_MS,
      secretTtlMs: env.GATE_SECRET_TTL_MS,
      jwksUrl: env.GATE_JWKS_URL ?? `${authUrl}/.well-known/jwks.json`,
      issuer: env.GATE_TOKEN_ISSUER ?? authUrl,
      audience: env.GATE_TOKEN_AUDIENCE,
      revocationPollMs: env.GATE_REVOCATION_POLL_MS,
    },
    discovery: env.GATE_DISCOVERY_TOKEN
      ? { configurationToken: env.GATE_DISCOVERY_TOKEN, publicUrl: env.GATE_PUBLIC_URL }
      : undefined,
    replicaAckTimeoutMs: env.GATE_REPLICA_ACK_TIMEOUT_MS,
    statsFlushMs: env.GATE_STATS_FLUSH_MS,
  };
}

/** Parses an environment-like record; throws a `ConfigError` on bad input. */
export function gateConfigFrom(env: Record<string, string | undefined>): GateConfig {
  return toGateConfig(parseConfig(gateEnvSchema, env));
}
