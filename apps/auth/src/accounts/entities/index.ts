import { ClientEntity } from './client.entity';
import { LoginFailureEntity } from './login-failure.entity';
import { UserPublicKeyEntity } from './user-public-key.entity';
import { UserEntity } from './user.entity';

export { ClientEntity, LoginFailureEntity, UserEntity, UserPublicKeyEntity };
export { secretHashKinds, type SecretHashKind } from './client.entity';
export { publicKeyAlgorithms, type PublicKeyAlgorithm } from './user-public-key.entity';

export const accountsEntities = [UserEntity, UserPublicKeyEntity, ClientEntity, LoginFailureEntity];
