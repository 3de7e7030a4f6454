/** DI token of the `TrustedProxies` whose X-Forwarded-For is believed (see `clientAddress`). */
export const TRUSTED_PROXIES = Symbol('TRUSTED_PROXIES');
