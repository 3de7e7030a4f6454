import { z } from 'zod';
import { compactJwtSchema, httpUrlSchema, numericDateSchema } from './common.schema';

/** Claims of the HS256 `service_token` a service signs with its random key (PROTOCOL.md 1.2). */
export const serviceTokenClaimsSchema = z.looseObject({
  host: httpUrlSchema,
  gate_host: httpUrlSchema,
  configuration_token: compactJwtSchema,
  iat: numericDateSchema.optional(),
});
export type ServiceTokenClaims = z.infer<typeof serviceTokenClaimsSchema>;
