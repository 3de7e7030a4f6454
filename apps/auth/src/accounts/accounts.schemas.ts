import { z } from 'zod';
import { canonicalEd25519PublicKey, InvalidPublicKeyError } from './challenge/ed25519';

/** Names travel in URLs (`/admin/users/:username`), logs and tokens: keep them plain. */
export const usernameSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._@-]{0,199}$/,
    'letters, digits and . _ @ -, at most 200, starting with a letter or digit',
  );
export const clientIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/,
    'letters, digits and . _ : -, at most 200, starting with a letter or digit',
  );
export const roleSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'a role name: letters, digits and . _ : -');
/** RFC 6749 §3.3 scope-token. */
export const scopeSchema = z
  .string()
  .regex(/^[\x21\x23-\x5B\x5D-\x7E]{1,200}$/, 'a scope token (RFC 6749 §3.3)');
export const grantTypes = ['password', 'client_credentials', 'refresh_token'] as const;
export const grantSchema = z.enum(grantTypes);
export type GrantType = z.infer<typeof grantSchema>;

const distinct = <T extends z.ZodType<string>>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .transform((values) => [...new Set(values)]);

export const rolesSchema = distinct(roleSchema, 64);
export const scopesSchema = distinct(scopeSchema, 128);
export const grantsSchema = distinct(grantSchema, grantTypes.length);

/** A human-chosen secret (password or client secret). Long enough to matter, short enough to hash. */
export const plainSecretSchema = z.string().min(1).max(1024);

/** Ed25519 public key as base64url raw or PEM SPKI; the output is the canonical base64url form. */
export const publicKeySchema = z
  .string()
  .max(4096)
  .transform((value, ctx) => {
    try {
      return canonicalEd25519PublicKey(value);
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: error instanceof InvalidPublicKeyError ? error.message : 'invalid public key',
      });
      return z.NEVER;
    }
  });

/** Distinct canonical keys (a PEM and a raw form of one key count once). */
export const publicKeysSchema = z
  .array(publicKeySchema)
  .max(32)
  .transform((keys) => [...new Set(keys)]);
