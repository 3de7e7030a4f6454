export { KeyRing, KeyRotation } from '@gatehouse/signing-keys';
export { KeysModule } from './keys.module';
export { SigningKeyEntity } from './signing-key.entity';
