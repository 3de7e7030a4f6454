import { z } from 'zod';

/** The gate asks the auth service to check a client's signature over a gate-issued secret (3.2). */
export const challengeCheckRequestSchema = z.object({
  user: z.string().min(1).max(256),
  secret: z.string().min(1).max(1024),
  sign: z.string().min(1).max(4096),
});
export type ChallengeCheckRequest = z.infer<typeof challengeCheckRequestSchema>;

export const challengeCheckResponseSchema = z.object({ user: z.string().min(1), roles: z.array(z.string()) });
export type ChallengeCheckResponse = z.infer<typeof challengeCheckResponseSchema>;
