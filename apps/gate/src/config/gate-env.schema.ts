import {
  envBoolean,
  envList,
  envMs,
  envNodeEnv,
  envOptionalString,
  envOrigins,
  envPort,
  envTrustedProxies,
  envUrl,
  productionRules,
} from '@gatehouse/platform';
import { z } from 'zod';

const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/**
 * The gate's environment. `GLS_*` keep the names and defaults PROTOCOL.md 3.5 fixes, so the gate
 * drops into a deployment configured for them; `GATE_*` are Gatehouse additions.
 */
export const gateEnvSchema = z
  .object({
    GLS_FACADE_CONNECT: envUrl(),
    GLS_AUTH_CONNECT: envUrl(),
    GLS_FRONTEND_GATE_HOST: z.string().min(1).default('0.0.0.0'),
    GLS_FRONTEND_GATE_PORT: envPort(8080),
    GLS_CONNECTOR_HOST: z.string().min(1).default('0.0.0.0'),
    GLS_CONNECTOR_PORT: envPort(8081),
    GLS_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    GLS_METRICS_PORT: envPort(8125),
    /** Accepted and ignored (PROTOCOL.md 3.5) so an existing environment still starts; state is in PostgreSQL. */
    GLS_MONGO_CONNECT: z.string().optional(),
    GLS_DAY_START: z.coerce.number().int().min(0).max(23).default(3),
    GLS_FRONTEND_GATE_TIMEOUT_FOR_CLIENT: envMs(60_000),
    GLS_DISABLE_AUTH: envBoolean(false),

    DATABASE_URL: envOptionalString(),
    GATE_RUN_MIGRATIONS: envBoolean(true),
    GATE_DB_POOL_SIZE: count(10),
    /** Methods an anonymous connection may call (exact names, or `prefix.*`). */
    GATE_ANONYMOUS_METHODS: envList([]),
    /** Reverse proxies whose X-Forwarded-For is believed (see `clientAddress`; X-Real-IP never is). */
    GATE_TRUSTED_PROXIES: envTrustedProxies(),
    GATE_MAX_MESSAGE_BYTES: count(64 * 1024),
    GATE_MAX_BATCH: count(100),
    GATE_MAX_IN_FLIGHT: count(64),
    /** Sustained calls per second per connection, and the burst above it. */
    GATE_RATE_PER_SEC: count(100),
    GATE_RATE_BURST: count(200),
    /** Refused calls in a row after which the connection is closed with 1008. */
    GATE_ABUSE_LIMIT: count(50),
    GATE_MAX_OUTBOUND_BYTES: count(4 * 1024 * 1024),
    GATE_MAX_CONNECTIONS: count(100_000),
    /** Open connections per client address (the forwarded one behind GATE_TRUSTED_PROXIES); over it 429. */
    GATE_MAX_CONNECTIONS_PER_IP: count(256),
    /** Browser origins allowed to open a socket (exact `Origin`); empty: every origin, with a warning. */
    GATE_ALLOWED_ORIGINS: envOrigins(),
    /** An anonymous connection that has not authorized by then is closed with 4408; 0: no deadline. */
    GATE_LOGIN_TIMEOUT_MS: envMs(60_000, { min: 0 }),
    /** Calls waiting for a free request slot to the facade; over it a call gets 1104 at once. */
    GATE_FACADE_MAX_BACKLOG: count(10_000),
    /** Largest connector body: one `transfer` (a client frame's worth of payload). */
    GATE_MAX_TRANSFER_BYTES: count(64 * 1024),
    GATE_SECRET_TTL_MS: envMs(120_000),
    GATE_DRAIN_TIMEOUT_MS: envMs(10_000),
    GATE_FACADE_TIMEOUT_MS: envMs(30_000),
    /** Keep-alive connections to the facade (the most requests on the wire when batching is off). */
    GATE_FACADE_CONNECTIONS: count(16),
    /**
     * Adaptive batching (FacadeClient): while fewer than GATE_FACADE_BATCH_CONCURRENCY requests are
     * on the wire, every call goes out alone at once; when that many are, the calls waiting go out
     * together as one JSON-RPC batch as soon as one finishes (one call per client channel and one
     * method per batch, at most GATE_FACADE_MAX_BATCH). Under saturation a call may then wait for
     * another client's slower call of the same method. On by default; `false` sends every call alone
     * on up to GATE_FACADE_CONNECTIONS connections. Turned off by itself if the facade refuses batches.
     */
    GATE_FACADE_BATCH: envBoolean(true),
    GATE_FACADE_BATCH_CONCURRENCY: count(4),
    /**
     * Send calls over the facade's persistent WebSocket link when it offers one (the facade kit does):
     * one multiplexed connection, calls of a turn in one frame, each answered when done. HTTP stays
     * the fallback (a facade without the link, or while a lost link is re-established).
     */
    GATE_FACADE_LINK: envBoolean(true),
    GATE_FACADE_MAX_BATCH: count(64),
    /** Static bearer token for the facade in direct mode (discovery gives pair tokens instead). */
    GATE_FACADE_TOKEN: z.string().min(1).optional(),
    /** Bearer tokens accepted on the connector in direct mode (comma list). */
    GATE_CONNECTOR_TOKENS: envList([]),
    /** Client credentials of the gate at the auth service (HTTP Basic on /challenge/verify). */
    GATE_AUTH_CLIENT_ID: z.string().min(1).default('gate'),
    GATE_AUTH_CLIENT_SECRET: z.string().min(1).optional(),
    GATE_AUTH_TIMEOUT_MS: envMs(5_000),
    /** How often auth's revocation feed is reloaded: how late a revocation or a disabled user takes effect. */
    GATE_REVOCATION_POLL_MS: envMs(2_000),
    /** Expected `iss`/`aud` of access tokens (defaults: the auth URL / `gate`, as auth issues it). */
    GATE_TOKEN_ISSUER: z.string().min(1).optional(),
    GATE_TOKEN_AUDIENCE: envList(['gate']),
    GATE_JWKS_URL: envUrl().optional(),
    /** Discovery: the gate's configuration token; when unset the gate runs in direct mode. */
    GATE_DISCOVERY_TOKEN: z.string().min(1).optional(),
    GATE_PUBLIC_URL: envUrl().optional(),
    GATE_REPLICA_ACK_TIMEOUT_MS: envMs(3_000),
    GATE_STATS_FLUSH_MS: envMs(10_000),
    NODE_ENV: envNodeEnv,
  })
  .superRefine(
    productionRules([{ variable: 'DATABASE_URL', why: 'the embedded PostgreSQL is for local runs only' }]),
  );

export type GateEnv = z.output<typeof gateEnvSchema>;
