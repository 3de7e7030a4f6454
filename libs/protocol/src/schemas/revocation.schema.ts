import { z } from 'zod';

/**
 * Auth's revocation feed (`GET /oauth/revocations`, PROTOCOL 2.7): everything a resource server
 * must refuse although its signature and `exp` are good. The full list each time (small: revoked
 * access tokens leave it at their `exp`), so a poller needs no history.
 */
export const revocationSnapshotSchema = z.object({
  /** `jti` of revoked access tokens that have not expired yet. */
  jti: z.array(z.string().min(1).max(128)),
  /** Disabled users: every token with `sub_type: "user"` and this `sub` is refused. */
  users: z.array(z.string().min(1).max(256)),
  /** Disabled clients: every token with `sub_type: "client"` and this `sub` is refused. */
  clients: z.array(z.string().min(1).max(256)),
});
export type RevocationSnapshot = z.infer<typeof revocationSnapshotSchema>;
