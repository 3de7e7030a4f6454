import type { FactoryProvider, ModuleMetadata } from '@nestjs/common';
import type { ConfigurationTokenClaims } from '@gatehouse/protocol';
import { z } from 'zod';
import { DiscoveryClientError, DiscoveryClientErrorCode } from './errors/discovery-client.error';
import { readConfigurationToken } from './provider/configuration-token';

/** What a service gives `DiscoveryClientModule.forRoot`. */
export interface DiscoveryClientOptions {
  /** The configuration token the operator issued for this service (a secret). */
  configurationToken: string;
  /** URL other services call this one at (`host` of the service token). */
  host: string;
  /** URL the provider calls with confirm/update/ping. Default `${host}/discovery`. */
  gateHost?: string;
  /** Path the endpoint answers on. Default: the path of `gateHost`. */
  gatePath?: string;
  /**
   * Serve the endpoint on its own small HTTP listener instead of a route of the host app. Needed
   * when the app has no HTTP server (or is not Express), and to keep it off a public port.
   */
  listen?: { host: string; port: number };
  /** Take the caller IP from Express's `req.ip` (its `trust proxy` setting) instead of the socket. */
  trustProxy?: boolean;
  /** Accept an allowed token from any IP (callers behind NAT). Default false. */
  relaxIpCheck?: boolean;
  /**
   * Calls a second `DiscoveryAllowsGuard` accepts from one caller (pair token), burst of one
   * second's worth; over it 429 `rate_limited` with `Retry-After`. 0: no limit. Default 1000.
   */
  callerRateLimit?: number;
  /** Re-register when the provider has not called for this long (ms); 0 disables. Default 60 s. */
  reRegisterAfterMs?: number;
  /** Backoff of registration attempts while the provider is unreachable (ms). Default 500 .. 30 000. */
  retry?: { initialMs?: number; maxMs?: number };
  /** Timeout of calls to the provider and default timeout of calls to peers (ms). Default 10 s. */
  timeoutMs?: number;
  /** Largest body the endpoint accepts from the provider. Default 4 MiB. */
  maxBodyBytes?: number;
  /** Start registering on application bootstrap. Default true; false lets tests call `register()`. */
  autoRegister?: boolean;
  /**
   * The app's readiness (`READINESS_PROBE`, read by `/health/ready`) waits for the first view from
   * the provider: until then every peer's call is refused. Default true.
   */
  readyAfterFirstView?: boolean;
}

export interface DiscoveryClientAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Nest's own factory signature
  useFactory: (...args: any[]) => DiscoveryClientOptions | Promise<DiscoveryClientOptions>;
  inject?: FactoryProvider['inject'];
}

/** Options with defaults applied and the configuration token's claims read. */
export interface ResolvedDiscoveryOptions {
  readonly configurationToken: string;
  readonly claims: ConfigurationTokenClaims;
  readonly host: string;
  readonly gateHost: string;
  readonly gatePath: string;
  readonly listen: { host: string; port: number } | undefined;
  readonly trustProxy: boolean;
  readonly relaxIpCheck: boolean;
  readonly callerRateLimit: number;
  readonly reRegisterAfterMs: number;
  readonly retry: { initialMs: number; maxMs: number };
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  readonly autoRegister: boolean;
  readonly readyAfterFirstView: boolean;
}

export const DISCOVERY_CLIENT_OPTIONS = Symbol('DISCOVERY_CLIENT_OPTIONS');

const httpUrl = z.url({ protocol: /^https?$/ });
const ms = z.number().int().nonnegative();
const optionsSchema = z.object({
  configurationToken: z.string().min(1),
  host: httpUrl,
  gateHost: httpUrl.optional(),
  gatePath: z.string().startsWith('/').optional(),
  listen: z.object({ host: z.string().min(1), port: z.number().int().min(0).max(65535) }).optional(),
  trustProxy: z.boolean().optional(),
  relaxIpCheck: z.boolean().optional(),
  callerRateLimit: z.number().nonnegative().optional(),
  reRegisterAfterMs: ms.optional(),
  retry: z.object({ initialMs: ms.min(1).optional(), maxMs: ms.min(1).optional() }).optional(),
  timeoutMs: ms.min(1).optional(),
  maxBodyBytes: z.number().int().min(1024).optional(),
  autoRegister: z.boolean().optional(),
  readyAfterFirstView: z.boolean().optional(),
});

/** Validates once at start-up, failing with one message that names the bad option. */
export function resolveDiscoveryOptions(input: DiscoveryClientOptions): ResolvedDiscoveryOptions {
  const parsed = optionsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.map(String).join('.') || '(options)';
    throw new DiscoveryClientError(
      DiscoveryClientErrorCode.InvalidOptions,
      `discovery client option ${where}: ${issue.message}`,
    );
  }
  const options = parsed.data;
  const host = options.host.replace(/\/+$/, '');
  const gateHost = options.gateHost ?? `${host}/discovery`;
  const gatePath = options.gatePath ?? new URL(gateHost).pathname;
  if (!options.listen && gatePath === '/') {
    throw new DiscoveryClientError(
      DiscoveryClientErrorCode.InvalidOptions,
      'discovery client option gatePath: "/" would shadow the whole app; give a path or use `listen`',
    );
  }
  return Object.freeze({
    configurationToken: options.configurationToken,
    claims: readConfigurationToken(options.configurationToken),
    host,
    gateHost,
    gatePath,
    listen: options.listen,
    trustProxy: options.trustProxy ?? false,
    relaxIpCheck: options.relaxIpCheck ?? false,
    callerRateLimit: options.callerRateLimit ?? 1000,
    reRegisterAfterMs: options.reRegisterAfterMs ?? 60_000,
    retry: { initialMs: options.retry?.initialMs ?? 500, maxMs: options.retry?.maxMs ?? 30_000 },
    timeoutMs: options.timeoutMs ?? 10_000,
    maxBodyBytes: options.maxBodyBytes ?? 4 * 1024 * 1024,
    autoRegister: options.autoRegister ?? true,
    readyAfterFirstView: options.readyAfterFirstView ?? true,
  });
}
