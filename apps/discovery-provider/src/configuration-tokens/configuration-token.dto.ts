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

const timestamp = z.iso.datetime();

export const issuedConfigurationTokenSchema = z.object({
  token: z.string().describe('the configuration token (a JWT): hand it to the service as a secret'),
  jti: z.uuid(),
  name: serviceNameSchema,
  permissions: z.array(serviceNameSchema),
  expiresAt: timestamp.nullable(),
});
export type IssuedConfigurationToken = z.infer<typeof issuedConfigurationTokenSchema>;

/** A token as listed: everything but the token itself. */
export const configurationTokenSummarySchema = z.object({
  jti: z.uuid(),
  name: serviceNameSchema,
  permissions: z.array(serviceNameSchema),
  issuedAt: timestamp,
  expiresAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  instances: z.number().int().describe('instances registered with it now'),
});
export type ConfigurationTokenSummary = z.infer<typeof configurationTokenSummarySchema>;

export const revokedConfigurationTokenSchema = z.object({
  jti: z.uuid(),
  revoked: z.literal(true),
  removedInstances: z.number().int(),
});
export type RevokedConfigurationToken = z.infer<typeof revokedConfigurationTokenSchema>;
