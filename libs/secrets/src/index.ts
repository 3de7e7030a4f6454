export { KeyEncryption } from './key-encryption';
export { loadKeyEncryption, type KeyEncryptionSource } from './load-key-encryption';
