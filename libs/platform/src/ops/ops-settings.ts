import { z } from 'zod';
import { envMs, envNodeEnv } from '../config/env-types';
import { parseConfig } from '../config/load-config';

const opsEnvSchema = z.object({
  NODE_ENV: envNodeEnv,
  /** Bearer token `/metrics` asks for (Prometheus: `authorization.credentials_file`). */
  GATEHOUSE_METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  /** Swagger UI at `/docs`: on by default outside production, off in it. */
  GATEHOUSE_DOCS: z.enum(['true', 'false']).optional(),
  /** Every HTTP listener: a client must send its request headers within this (slowloris). */
  GATEHOUSE_HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1).default(10_000),
  /** Every HTTP listener: the whole request (headers and body) within this. */
  GATEHOUSE_HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1).default(30_000),
  /**
   * A graceful stop (SIGTERM) that has not ended after this exits 1, naming what was still open.
   * Above the gate's drain (10 s) plus its facade drain (5 s); compose's stop_grace_period is 30 s.
   */
  GATEHOUSE_SHUTDOWN_TIMEOUT_MS: envMs(25_000),
});

/**
 * How an app exposes its operator surfaces. Outside production `/metrics` and `/docs` are open, as
 * a developer expects; in production (`NODE_ENV=production`) `/metrics` answers only with the
 * metrics token (and not at all without one) and `/docs` is off unless asked for, so an app whose
 * port faces users does not publish its internals.
 */
export interface OpsSettings {
  production: boolean;
  metricsToken: string | undefined;
  /** Whether `/metrics` answers at all. */
  metricsEnabled: boolean;
  docs: boolean;
  httpHeadersTimeoutMs: number;
  httpRequestTimeoutMs: number;
  shutdownTimeoutMs: number;
}

/** The platform's own variables, validated at boot like an app's. */
export function opsSettings(env: NodeJS.ProcessEnv = process.env): OpsSettings {
  const parsed = parseConfig(opsEnvSchema, env);
  const production = parsed.NODE_ENV === 'production';
  return {
    production,
    metricsToken: parsed.GATEHOUSE_METRICS_TOKEN,
    metricsEnabled: !production || parsed.GATEHOUSE_METRICS_TOKEN !== undefined,
    docs: parsed.GATEHOUSE_DOCS === undefined ? !production : parsed.GATEHOUSE_DOCS === 'true',
    httpHeadersTimeoutMs: parsed.GATEHOUSE_HTTP_HEADERS_TIMEOUT_MS,
    // A request timeout below the headers timeout would cut requests whose headers are still legal.
    httpRequestTimeoutMs: Math.max(
      parsed.GATEHOUSE_HTTP_REQUEST_TIMEOUT_MS,
      parsed.GATEHOUSE_HTTP_HEADERS_TIMEOUT_MS,
    ),
    shutdownTimeoutMs: parsed.GATEHOUSE_SHUTDOWN_TIMEOUT_MS,
  };
}
