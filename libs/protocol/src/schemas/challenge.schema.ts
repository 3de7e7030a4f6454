import { z } from 'zod';

/** The gate asks the auth service to check a client's signature over a gate-issued secret (3.2). */
export const challengeCheckRequestSchema = z.object({
  user: z.string().min(1).max(256),
  secret: z.string().min(1).max(1024),
  sign: z.string().min(1).max(4096),
  /**
   * The end client's address, sent by the gate; auth believes it only from its gate clients
   * (`AUTH_GATE_CLIENTS`), so throttling applies to the end client rather than to the gate.
   */
  clientIp: z.string().max(64).optional(),
});
export type ChallengeCheckRequest = z.infer<typeof challengeCheckRequestSchema>;

export const challengeCheckResponseSchema = z.object({ user: z.string().min(1), roles: z.array(z.string()) });
export type ChallengeCheckResponse = z.infer<typeof challengeCheckResponseSchema>;
