import { z } from 'zod';
import { MAX_URL_LENGTH, numericDateSchema, registeredClaimsShape } from './common.schema';

/**
 * Claims of the provider's signed calls (confirm, update, ping; header
 * `X-Gatehouse-Provider-Signature`): the service checks the signature, that `aud` is the gate_host
 * URL the call was sent to, and that `sha256` matches the body it received, so a forged or
 * replayed-elsewhere call is refused even if the network between provider and service is hostile.
 * `aud` may be as long as any gate_host a service registers.
 */
export const updateTokenClaimsSchema = z.looseObject({
  ...registeredClaimsShape,
  exp: numericDateSchema,
  aud: z.string().min(1).max(MAX_URL_LENGTH),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 hex digest'),
});
export type UpdateTokenClaims = z.infer<typeof updateTokenClaimsSchema>;
