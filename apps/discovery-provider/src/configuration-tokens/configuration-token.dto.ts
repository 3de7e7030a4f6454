import { z } from 'zod';
import { serviceNameSchema } from '@gatehouse/protocol';
import { MAX_CONFIGURATION_TOKEN_TTL_SEC } from './configuration-token.limits';

/** `POST /admin/configuration-tokens` body. */
export const issueConfigurationTokenSchema = z.strictObject({
  name: serviceNameSchema,
  permissions: z.array(serviceNameSchema).max(1024).default([]),
  /** Lifetime in seconds; absent means the token does not expire (revoke it instead). */
  expiresIn: z.number().int().positive().max(MAX_CONFIGURATION_TOKEN_TTL_SEC).optional(),
});
export type IssueConfigurationToken = z.infer<typeof issueConfigurationTokenSchema>;

export interface IssuedConfigurationToken {
  token: string;
  jti: string;
  name: string;
  permissions: string[];
  expiresAt: string | null;
}

export interface ConfigurationTokenSummary {
  jti: string;
  name: string;
  permissions: string[];
  issuedAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  instances: number;
}
