import type { BootstrapMode } from './bootstrap/bootstrap.service';

/** Throttling of the sign-in routes (see `SignInLimits`); every field has a default. */
export interface ThrottleSettings {
  /** FAILED requests one address may make to the sign-in routes per window. */
  ipLimit: number;
  ipWindowSec: number;
  /** How long an address over its limit is refused. */
  ipBlockSec: number;
  /** Authenticated requests per second one client may make, from anywhere. */
  clientRatePerSec: number;
  /** argon2id jobs that may wait for a thread; past it, 503 with Retry-After. */
  hashQueueLimit: number;
  /** argon2id jobs (running and waiting) one address may hold; past it, 429 with Retry-After. */
  hashPerAddress: number;
  /** Failed sign-ins of one username or client id from one address before backoff starts. */
  freeFailures: number;
  /** First lockout; each further failure doubles it, up to `maxDelaySec`. */
  baseDelaySec: number;
  maxDelaySec: number;
  /** Failures older than this are forgotten. */
  failureWindowSec: number;
}

export const defaultThrottleSettings: ThrottleSettings = {
  ipLimit: 300,
  ipWindowSec: 10,
  ipBlockSec: 30,
  clientRatePerSec: 20_000,
  hashQueueLimit: 64,
  hashPerAddress: 8,
  freeFailures: 5,
  baseDelaySec: 1,
  maxDelaySec: 900,
  failureWindowSec: 900,
};

export interface AccountsModuleOptions {
  /** `AUTH_BOOTSTRAP_FILE`: merged into the database when the app boots. */
  bootstrapFile?: string | undefined;
  /** `AUTH_BOOTSTRAP_MODE`: create missing entries only (default), or overwrite the ones named. */
  bootstrapMode?: BootstrapMode | undefined;
  throttle?: Partial<ThrottleSettings>;
  /**
   * `AUTH_CLIENT_CACHE_TTL_MS`: how long a client whose credentials verified is trusted without
   * rereading it (default 5000; 0 turns the cache off). Bounds how late another replica's
   * disable / secret rotation takes effect here; see `ClientAuthCache`.
   */
  clientCacheTtlMs?: number | undefined;
  /**
   * `AUTH_HASH_CONCURRENCY`: argon2id jobs at once (default: UV_THREADPOOL_SIZE - 1, so a thread of
   * libuv's pool stays free for token signatures).
   */
  hashConcurrency?: number | undefined;
  /**
   * `AUTH_GATE_CLIENTS`: clients whose `clientIp` on `/challenge/verify` is believed (default
   * `gate`), so throttling and backoff apply to the gate's end client rather than to the gate.
   */
  gateClients?: string[] | undefined;
}

export const ACCOUNTS_OPTIONS = Symbol('ACCOUNTS_OPTIONS');
export const THROTTLE_SETTINGS = Symbol('THROTTLE_SETTINGS');
export const CLIENT_AUTH_CACHE = Symbol('CLIENT_AUTH_CACHE');
