/** Injection token of the `ProviderConfig` given to `AppModule.forRoot`. */
export const PROVIDER_CONFIG = Symbol('PROVIDER_CONFIG');
