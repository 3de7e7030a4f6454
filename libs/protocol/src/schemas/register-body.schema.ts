import { z } from 'zod';
import { compactJwtSchema } from './common.schema';

/**
 * The service's random key. base64url and hex share this alphabet, so one pattern covers both;
 * 43 base64url chars are 256 bits (hex keys should be 64 chars). The cap keeps hashing cheap.
 */
export const serviceSignatureSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43,512}$/, 'base64url or hex, 43 to 512 chars');

export const registerBodySchema = z.object({ token: compactJwtSchema, signature: serviceSignatureSchema });
export type RegisterBody = z.infer<typeof registerBodySchema>;

/** Deregistration proves possession of the same key as registration. */
export const deregisterBodySchema = registerBodySchema;
export type DeregisterBody = z.infer<typeof deregisterBodySchema>;
