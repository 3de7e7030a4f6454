import { z } from 'zod';
import { httpUrlSchema, ipAddressSchema, serviceNameSchema } from './common.schema';

/** A pair token as it travels in `permissions` and `allows` (random, 256+ bits). */
export const pairTokenSchema = z.string().min(1).max(512);

export const permissionEntrySchema = z.looseObject({ host: httpUrlSchema, token: pairTokenSchema });
export type PermissionEntry = z.infer<typeof permissionEntrySchema>;

/**
 * The provider's full view pushed to one instance (PROTOCOL.md 1.4). Loose so that fields added by
 * a newer provider reach the service instead of failing validation; `revision` lets a service drop
 * a stale update delivered out of order by the retrying outbox.
 */
export const updateMessageSchema = z.looseObject({
  method: z.literal('update'),
  permissions: z.record(serviceNameSchema, permissionEntrySchema),
  allows: z.record(pairTokenSchema, ipAddressSchema),
  revision: z.number().int().nonnegative(),
  hosts: z.record(serviceNameSchema, z.array(httpUrlSchema)).optional(),
  /** The service behind each token of `allows` (additive; older providers leave it out). */
  callers: z.record(pairTokenSchema, serviceNameSchema).optional(),
});
export type UpdateMessage = z.infer<typeof updateMessageSchema>;
