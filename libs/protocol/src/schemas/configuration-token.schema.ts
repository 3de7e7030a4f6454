import { z } from 'zod';
import { httpUrlSchema, numericDateSchema, registeredClaimsShape, serviceNameSchema } from './common.schema';

/** Claims of the configuration token the provider issues for one service (PROTOCOL.md 1.1). */
export const configurationTokenClaimsSchema = z.looseObject({
  name: serviceNameSchema,
  provider_host: httpUrlSchema,
  permissions: z.array(serviceNameSchema).max(1024),
  ...registeredClaimsShape,
  exp: numericDateSchema.optional(),
});
export type ConfigurationTokenClaims = z.infer<typeof configurationTokenClaimsSchema>;
