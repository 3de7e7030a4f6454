/** Injection token of the `KeyEncryption` that seals private keys at rest. */
export const KEY_ENCRYPTION = Symbol('KEY_ENCRYPTION');
