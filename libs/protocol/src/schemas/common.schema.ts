import { z } from 'zod';

/** Service type names: DNS-label-like so they are safe in URLs, logs and metric labels. */
export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;
export const serviceNameSchema = z
  .string()
  .regex(SERVICE_NAME_PATTERN, 'lowercase letters, digits and -, starting with a letter');

export const MAX_URL_LENGTH = 2048;
/** Absolute http(s) URL; other schemes (file:, javascript:, gopher:) are never callable targets. */
export const httpUrlSchema = z
  .string()
  .max(MAX_URL_LENGTH)
  .pipe(z.url({ protocol: /^https?$/ }));

export const MAX_TOKEN_LENGTH = 8192;
export const compactJwtSchema = z.string().min(1).max(MAX_TOKEN_LENGTH);

export const ipAddressSchema = z.union([z.ipv4(), z.ipv6()]);

/** NumericDate (RFC 7519 2): whole seconds since the epoch. */
export const numericDateSchema = z.number().int().nonnegative();

const bounded = z.string().min(1).max(1024);
/** Claims every JWT we issue carries; `jti` makes revocation and replay tracking possible. */
export const registeredClaimsShape = {
  iss: bounded,
  iat: numericDateSchema,
  jti: z.string().min(1).max(256),
};
