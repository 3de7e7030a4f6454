export { KeyRing, KeyRotation } from '@gatehouse/signing-keys';
export { KeysModule } from './keys.module';
export { RefreshTokenKey, REFRESH_TOKEN_KEY_INFO } from './refresh-token-key';
