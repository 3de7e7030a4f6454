import { z } from 'zod';

/** What the explorer's JSON routes answer (the page and the docs page read these). */
export const serviceSummarySchema = z.object({
  name: z.string(),
  instances: z.number().int(),
  permissions: z.array(z.string()).describe('the services it may call'),
});
export type ServiceSummary = z.infer<typeof serviceSummarySchema>;

export const instanceSummarySchema = z.object({
  id: z.uuid(),
  service: z.string(),
  host: z.string(),
  gateHost: z.string(),
  ip: z.string(),
  registeredAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime().describe('registration or the last answered ping'),
  health: z.enum(['healthy', 'late']).describe('late: no answered ping for two intervals'),
  pingFailures: z.number().int().describe('pings missed in a row'),
  pushPending: z.boolean().describe('an update is waiting in the outbox'),
});
export type InstanceSummary = z.infer<typeof instanceSummarySchema>;

export const permissionGraphSchema = z.object({
  nodes: z.array(z.object({ service: z.string(), instances: z.number().int() })),
  edges: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      live: z.boolean().describe('the callee has a registered instance'),
    }),
  ),
});
export type PermissionGraph = z.infer<typeof permissionGraphSchema>;
