import type { ClientView, PublicKeyView, UserView } from './accounts.types';
import type { ClientEntity, UserEntity, UserPublicKeyEntity } from '../database/entities';

export function userView(user: UserEntity): UserView {
  return {
    id: user.id,
    username: user.username,
    roles: user.roles,
    disabled: user.disabled,
    hasPassword: user.passwordHash !== null,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

export function publicKeyView(key: UserPublicKeyEntity): PublicKeyView {
  return {
    id: key.id,
    algorithm: key.algorithm,
    publicKey: key.publicKey,
    createdAt: key.createdAt.toISOString(),
  };
}

export function clientView(client: ClientEntity): ClientView {
  return {
    clientId: client.clientId,
    grants: client.grants,
    scopes: client.scopes,
    roles: client.roles,
    disabled: client.disabled,
    hasSecret: client.secretHash !== null,
    createdAt: client.createdAt.toISOString(),
    updatedAt: client.updatedAt.toISOString(),
  };
}
