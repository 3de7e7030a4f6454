import { z } from 'zod';
import { AuthError } from '../../errors';
import { withoutEmptyParameters } from '../token/empty-parameters';

export const tokenOperationSchema = z.object({
  token: z.string().min(1).max(8192),
  token_type_hint: z.string().max(64).optional(),
  client_id: z.string().min(1).max(200).optional(),
  client_secret: z.string().max(1024).optional(),
});

export type TokenOperationRequest = z.output<typeof tokenOperationSchema>;

/** Body of `/oauth/revoke` (RFC 7009 §2.1) and `/oauth/introspect` (RFC 7662 §2.1). */
export function parseTokenOperation(body: unknown): TokenOperationRequest {
  const parsed = tokenOperationSchema.safeParse(
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? withoutEmptyParameters(body)
      : (body ?? {}),
  );
  if (parsed.success) return parsed.data;
  const name = parsed.error.issues[0]?.path.join('.') || 'body';
  throw AuthError.invalidRequest(name === 'token' ? 'token is required (one string)' : `${name} is invalid`);
}

/** Tries the hinted type first (RFC 7009 §2.1); an unknown hint is ignored. */
export function typeOrder(hint: string | undefined): ('access_token' | 'refresh_token')[] {
  return hint === 'refresh_token' ? ['refresh_token', 'access_token'] : ['access_token', 'refresh_token'];
}
