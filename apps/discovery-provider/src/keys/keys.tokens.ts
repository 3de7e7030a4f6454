/** DI token of the KeyEncryption built from the config at boot. */
export const KEY_ENCRYPTION = Symbol('KEY_ENCRYPTION');
