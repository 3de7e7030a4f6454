import { z } from 'zod';
import {
  clientIdSchema,
  grantsSchema,
  plainSecretSchema,
  publicKeySchema,
  publicKeysSchema,
  rolesSchema,
  scopesSchema,
  usernameSchema,
} from '../accounts.schemas';

export const createUserBodySchema = z.strictObject({
  username: usernameSchema,
  /** Optional: a user may sign in only with a registered key (the gate's challenge). */
  password: plainSecretSchema.optional(),
  roles: rolesSchema.default([]),
  publicKeys: publicKeysSchema.default([]),
});
export type CreateUserBody = z.output<typeof createUserBodySchema>;

export const rolesBodySchema = z.strictObject({ roles: rolesSchema });
export type RolesBody = z.output<typeof rolesBodySchema>;

export const publicKeyBodySchema = z.strictObject({ publicKey: publicKeySchema });
export type PublicKeyBody = z.output<typeof publicKeyBodySchema>;

export const createClientBodySchema = z.strictObject({
  clientId: clientIdSchema,
  grants: grantsSchema.refine((g) => g.length > 0, 'at least one grant'),
  scopes: scopesSchema.default([]),
  roles: rolesSchema.default([]),
});
export type CreateClientBody = z.output<typeof createClientBodySchema>;

export const updateClientBodySchema = z
  .strictObject({
    grants: grantsSchema.optional(),
    scopes: scopesSchema.optional(),
    roles: rolesSchema.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'give grants, scopes or roles');
export type UpdateClientBody = z.output<typeof updateClientBodySchema>;
