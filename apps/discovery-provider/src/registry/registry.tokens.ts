/** DI token of the AddressList of proxies whose X-Forwarded-For is believed. */
export const TRUSTED_PROXIES = Symbol('TRUSTED_PROXIES');
