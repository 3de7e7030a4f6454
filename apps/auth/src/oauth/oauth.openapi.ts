import { GRANT_TYPES, grants } from './token/token-request';
import { z } from 'zod';

/**
 * Schemas the docs page shows for the OAuth endpoints, derived from the ones the requests are
 * validated with. The token endpoint validates one schema per grant; the page shows them as one
 * form (Swagger UI draws form fields for an object, not for a choice of objects).
 */
const { password, refresh_token: refresh, client_credentials: credentials } = grants;
// An empty example leaves a field empty on the page (an empty field is not sent); without one,
// Swagger UI would prefill every field with "string" and send it.
const unset = { example: '' };
export const tokenFormSchema = z.object({
  grant_type: z.enum(GRANT_TYPES),
  username: password.shape.username.optional().meta({ description: 'grant_type=password', ...unset }),
  password: password.shape.password.optional().meta({ description: 'grant_type=password', ...unset }),
  refresh_token: refresh.shape.refresh_token
    .optional()
    .meta({ description: 'grant_type=refresh_token', ...unset }),
  scope: credentials.shape.scope.meta({
    description: "space-separated; at most the client's scopes",
    ...unset,
  }),
  client_id: credentials.shape.client_id.meta({
    description: 'instead of HTTP Basic (client_secret_post), or a public client',
    ...unset,
  }),
  client_secret: credentials.shape.client_secret.meta({
    description: 'instead of HTTP Basic (client_secret_post)',
    ...unset,
  }),
});

const numericDate = z.number().int();

/** RFC 7662 2.2: either inactive and nothing else, or the token's claims. */
export const introspectionResponseSchema = z.union([
  z.object({ active: z.literal(false) }),
  z.looseObject({
    active: z.literal(true),
    token_type: z.enum(['Bearer', 'refresh_token']),
    iss: z.string(),
    sub: z.string(),
    aud: z.union([z.string(), z.array(z.string())]).optional(),
    client_id: z.string(),
    scope: z.string().optional(),
    roles: z.array(z.string()).optional(),
    exp: numericDate,
    iat: numericDate,
    jti: z.string(),
  }),
]);

export const serverMetadataSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

/** RFC 7517: public keys only (EC P-256 for ES256, OKP Ed25519 for EdDSA). */
export const jwksSchema = z.object({
  keys: z.array(
    z.looseObject({
      kty: z.string(),
      kid: z.string(),
      alg: z.string(),
      use: z.literal('sig'),
      crv: z.string().optional(),
      x: z.string(),
      y: z.string().optional(),
    }),
  ),
});
