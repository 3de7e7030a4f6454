export { KeyRing, KeyRotation } from '@gatehouse/signing-keys';
export { KeysModule } from './keys.module';
