import { z } from 'zod';
import { publicKeyAlgorithms } from '../database/entities';

/** What the admin API answers, for the docs page (the views in accounts.types.ts, as schemas). */
const timestamps = { createdAt: z.iso.datetime(), updatedAt: z.iso.datetime() };

export const publicKeyViewSchema = z.object({
  id: z.string(),
  algorithm: z.enum(publicKeyAlgorithms),
  publicKey: z.string().describe('base64url of the 32-byte Ed25519 public key'),
  createdAt: z.iso.datetime(),
});

export const userViewSchema = z.object({
  id: z.string(),
  username: z.string(),
  roles: z.array(z.string()),
  disabled: z.boolean(),
  hasPassword: z.boolean(),
  ...timestamps,
});

export const userWithKeysSchema = userViewSchema.extend({ publicKeys: z.array(publicKeyViewSchema) });

export const clientViewSchema = z.object({
  clientId: z.string(),
  grants: z.array(z.string()),
  scopes: z.array(z.string()),
  roles: z.array(z.string()),
  disabled: z.boolean(),
  hasSecret: z.boolean(),
  ...timestamps,
});

export const clientWithSecretSchema = clientViewSchema.extend({
  clientSecret: z.string().describe('shown this once; only its hash is stored'),
});
