import type { BootstrapMode } from './bootstrap/bootstrap.service';

/** Throttling of the token and challenge endpoints; every field has a default. */
export interface ThrottleSettings {
  /** Requests one client IP may make to a throttled route per window (@nestjs/throttler). */
  ipLimit: number;
  ipWindowSec: number;
  /** How long an IP over its limit is refused. */
  ipBlockSec: number;
  /** Failed sign-ins of one username or client id before backoff starts. */
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
}

export const ACCOUNTS_OPTIONS = Symbol('ACCOUNTS_OPTIONS');
export const THROTTLE_SETTINGS = Symbol('THROTTLE_SETTINGS');
export const CLIENT_AUTH_CACHE = Symbol('CLIENT_AUTH_CACHE');
