import { z } from 'zod';
import { serviceSignatureSchema } from './register-body.schema';

// Messages the provider POSTs to a service's gate_host (PROTOCOL.md 1.3, 1.6), and their answers.

export const confirmRequestSchema = z.object({
  hashed_signature: z.string().regex(/^[0-9a-f]{32}$/, 'md5 hex digest'),
  method: z.literal('confirm'),
});
export type ConfirmRequest = z.infer<typeof confirmRequestSchema>;

export const confirmResponseSchema = z.object({ signature: serviceSignatureSchema });
export type ConfirmResponse = z.infer<typeof confirmResponseSchema>;

export const pingRequestSchema = z.object({ method: z.literal('ping') });
export type PingRequest = z.infer<typeof pingRequestSchema>;

/** Loose: a service may report more (version, load) without breaking the provider. */
export const pingResponseSchema = z.looseObject({ status: z.literal('ok') });
export type PingResponse = z.infer<typeof pingResponseSchema>;
