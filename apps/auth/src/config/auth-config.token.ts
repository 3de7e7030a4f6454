/** Injection token of the `AuthConfig` object given to `AppModule.register`. */
export const AUTH_CONFIG = Symbol('AUTH_CONFIG');
