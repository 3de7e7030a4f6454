import { ClientEntity } from './client.entity';
import { LoginFailureEntity } from './login-failure.entity';
import { RefreshFamilyEntity } from './refresh-family.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { RevokedAccessTokenEntity } from './revoked-access-token.entity';
import { SigningKeyEntity } from './signing-key.entity';
import { UserPublicKeyEntity } from './user-public-key.entity';
import { UserEntity } from './user.entity';

export {
  ClientEntity,
  LoginFailureEntity,
  RefreshFamilyEntity,
  RefreshTokenEntity,
  RevokedAccessTokenEntity,
  SigningKeyEntity,
  UserEntity,
  UserPublicKeyEntity,
};
export { secretHashKinds, type SecretHashKind } from './client.entity';
export { publicKeyAlgorithms, type PublicKeyAlgorithm } from './user-public-key.entity';

/** The accounts module's tables (its own migrations create them). */
export const accountsEntities = [UserEntity, UserPublicKeyEntity, ClientEntity, LoginFailureEntity];

/** Every table of the auth app. */
export const authEntities = [
  ...accountsEntities,
  SigningKeyEntity,
  RefreshTokenEntity,
  RefreshFamilyEntity,
  RevokedAccessTokenEntity,
];
