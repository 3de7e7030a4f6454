import { z } from 'zod';
import {
  clientIdSchema,
  grantsSchema,
  plainSecretSchema,
  publicKeysSchema,
  rolesSchema,
  scopesSchema,
  usernameSchema,
} from '../accounts.schemas';
import { isArgon2idHash } from '../hashing/password-hasher';

const argon2idHash = z
  .string()
  .refine(isArgon2idHash, 'an argon2id PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash)');
/** sha256 hex (a server-generated secret) or argon2id PHC (a chosen one). */
const clientSecretHash = z
  .string()
  .refine(
    (v) => /^[0-9a-f]{64}$/.test(v) || isArgon2idHash(v),
    'lowercase hex SHA-256 or an argon2id PHC string',
  );

const userEntry = z
  .strictObject({
    username: usernameSchema,
    password: plainSecretSchema.optional(),
    passwordHash: argon2idHash.optional(),
    roles: rolesSchema.default([]),
    publicKeys: publicKeysSchema.default([]),
  })
  .refine(
    (u) => !(u.password !== undefined && u.passwordHash !== undefined),
    'give password or passwordHash, not both',
  );

const clientEntry = z
  .strictObject({
    clientId: clientIdSchema,
    clientSecret: plainSecretSchema.optional(),
    clientSecretHash: clientSecretHash.optional(),
    grants: grantsSchema.default([]),
    scopes: scopesSchema.default([]),
    roles: rolesSchema.default([]),
  })
  .refine(
    (c) => !(c.clientSecret !== undefined && c.clientSecretHash !== undefined),
    'give clientSecret or clientSecretHash, not both',
  )
  .refine(
    (c) =>
      c.clientSecret !== undefined ||
      c.clientSecretHash !== undefined ||
      !c.grants.includes('client_credentials'),
    'a client without a secret (public client) cannot use client_credentials',
  );

export const bootstrapFileSchema = z
  .strictObject({
    users: z.array(userEntry).default([]),
    clients: z.array(clientEntry).default([]),
  })
  .superRefine((file, ctx) => {
    duplicates(file.users.map((u) => u.username)).forEach((i) =>
      ctx.addIssue({ code: 'custom', path: ['users', i, 'username'], message: 'duplicate username' }),
    );
    duplicates(file.clients.map((c) => c.clientId)).forEach((i) =>
      ctx.addIssue({ code: 'custom', path: ['clients', i, 'clientId'], message: 'duplicate clientId' }),
    );
  });

export type BootstrapFile = z.output<typeof bootstrapFileSchema>;
export type BootstrapUser = BootstrapFile['users'][number];
export type BootstrapClient = BootstrapFile['clients'][number];

function duplicates(names: string[]): number[] {
  const seen = new Set<string>();
  return names.flatMap((name, i) => (seen.has(name) ? [i] : (seen.add(name), [])));
}
