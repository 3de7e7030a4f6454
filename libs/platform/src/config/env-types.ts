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
    .transform((v) => (v === undefined ? fallback : v.split(',').map((s) => s.trim()).filter(Boolean)));
