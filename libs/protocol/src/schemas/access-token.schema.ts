import { z } from 'zod';
import { numericDateSchema, registeredClaimsShape } from './common.schema';

const audienceSchema = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** JWT access token claims, RFC 9068 profile; `roles` carries the subject's roles (PROTOCOL.md 2). */
export const accessTokenClaimsSchema = z.looseObject({
  ...registeredClaimsShape,
  sub: z.string().min(1).max(256),
  aud: audienceSchema,
  exp: numericDateSchema,
  client_id: z.string().min(1).max(256),
  /**
   * What `sub` names: a user or a client (client_credentials). A client named like a user must
   * never pass as that user; a verifier that needs a user accepts only `user`.
   */
  sub_type: z.enum(['user', 'client']).optional(),
  /** Space-separated scope tokens (RFC 6749 3.3). */
  scope: z.string().max(4096).optional(),
  roles: z.array(z.string().min(1).max(128)).max(256),
});
export type AccessTokenClaims = z.infer<typeof accessTokenClaimsSchema>;

/** Refresh token claims; `sid` names the rotation family so reuse can revoke all of it. */
export const refreshTokenClaimsSchema = z.looseObject({
  ...registeredClaimsShape,
  sub: z.string().min(1).max(256),
  aud: audienceSchema.optional(),
  exp: numericDateSchema,
  client_id: z.string().min(1).max(256),
  sid: z.string().min(1).max(256),
});
export type RefreshTokenClaims = z.infer<typeof refreshTokenClaimsSchema>;

/** Splits the `scope` claim; absent scope means no scopes. */
export function parseScope(scope: string | undefined): string[] {
  return scope === undefined ? [] : scope.split(' ').filter((s) => s.length > 0);
}
