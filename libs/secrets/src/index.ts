export { KeyEncryption, KeyDecryptionError } from './key-encryption';
export { loadKeyEncryption, type KeyEncryptionSource } from './load-key-encryption';
export { keyEncryptionKeyWeakness } from './key-strength';
