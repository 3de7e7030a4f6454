import { z } from 'zod';

// Reusable pieces for environment schemas: every variable arrives as a string.

export const envPort = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const envBoolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', ''])
    .default(fallback ? 'true' : 'false')
    .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

export const envSeconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

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
