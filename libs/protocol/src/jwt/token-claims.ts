import type { z } from 'zod';
import { accessTokenClaimsSchema, refreshTokenClaimsSchema } from '../schemas/access-token.schema';
import { configurationTokenClaimsSchema } from '../schemas/configuration-token.schema';
import { serviceTokenClaimsSchema } from '../schemas/service-token.schema';
import { updateTokenClaimsSchema } from '../schemas/update-token.schema';
import type { TokenType } from './token-profiles';

/** The zod schema the verified payload of each token type must satisfy. */
export const TOKEN_CLAIMS_SCHEMAS = Object.freeze({
  access: accessTokenClaimsSchema,
  refresh: refreshTokenClaimsSchema,
  'legacy-refresh': refreshTokenClaimsSchema,
  configuration: configurationTokenClaimsSchema,
  service: serviceTokenClaimsSchema,
  update: updateTokenClaimsSchema,
}) satisfies Record<TokenType, z.ZodType>;

export type TokenClaimsByType = { [K in TokenType]: z.infer<(typeof TOKEN_CLAIMS_SCHEMAS)[K]> };
