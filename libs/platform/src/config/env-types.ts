import proxyAddr from 'proxy-addr';
import { z } from 'zod';

// Reusable pieces for environment schemas: every variable arrives as a string.

export const envPort = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const envBoolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', ''])
    .default(fallback ? 'true' : 'false')
    .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

/**
 * A duration in milliseconds, the one unit of every duration variable (their names end in `_MS`).
 * `min` defaults to 1; pass 0 where 0 switches the mechanism off.
 */
export const envMs = (fallback: number, bounds: { min?: number; max?: number } = {}) =>
  z.coerce
    .number()
    .int()
    .min(bounds.min ?? 1)
    .max(bounds.max ?? Number.MAX_SAFE_INTEGER)
    .default(fallback);

/** An optional string where an empty value means unset (compose files write `X: ""`). */
export const envOptionalString = () =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : v));

/** The folder for local state (embedded PostgreSQL, generated key files); one for every app. */
export const envDataDir = () => z.string().min(1).default('.data');

export const envUrl = () => z.url({ protocol: /^https?$/ });

/** Comma-separated list, blanks dropped. */
export const envList = (fallback: string[] = []) =>
  z
    .string()
    .optional()
    .transform((v) =>
      v === undefined
        ? fallback
        : v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
    );

/**
 * `*_TRUSTED_PROXIES`: reverse proxies (addresses, CIDRs, or `loopback`, `linklocal`,
 * `uniquelocal`) whose `X-Forwarded-For` is believed; see `clientAddress`.
 */
export const envTrustedProxies = () =>
  envList().pipe(
    z.array(z.string().refine(isProxyEntry, 'an address, a CIDR, loopback, linklocal or uniquelocal')),
  );

function isProxyEntry(value: string): boolean {
  try {
    proxyAddr.compile(value);
    return true;
  } catch {
    return false;
  }
}

/** `NODE_ENV`: `production` switches on the rules of `productionRules`. */
export const envNodeEnv = z.string().optional();

export interface ProductionRule<T> {
  variable: Extract<keyof T, string>;
  /** Why it matters, for the error line. */
  why: string;
  /** A problem with a set value (weak key, say), or undefined when it is fine. */
  check?: (value: string) => string | undefined;
}

/**
 * A refinement for an environment schema: in production (`NODE_ENV=production`) each named
 * variable must be set, and pass its check. Outside production local defaults stay convenient
 * (an embedded PostgreSQL, a generated key file); in production they would be unsafe.
 */
export function productionRules<T extends { NODE_ENV?: string | undefined }>(rules: ProductionRule<T>[]) {
  return (env: T, ctx: z.RefinementCtx): void => {
    if (env.NODE_ENV !== 'production') return;
    for (const rule of rules) {
      const value = env[rule.variable];
      if (value === undefined || value === '') {
        ctx.addIssue({
          code: 'custom',
          path: [rule.variable],
          message: `required when NODE_ENV=production: ${rule.why}`,
        });
        continue;
      }
      const problem = rule.check?.(String(value));
      if (problem)
        ctx.addIssue({
          code: 'custom',
          path: [rule.variable],
          message: `${problem} (refused when NODE_ENV=production)`,
        });
    }
  };
}

/** Comma-separated browser origins, each exactly as a browser sends it in `Origin` (`scheme://host[:port]`). */
export const envOrigins = () =>
  envList().pipe(
    z.array(z.string().refine(isOrigin, 'an origin: http(s)://host[:port], no path or trailing slash')),
  );

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}
