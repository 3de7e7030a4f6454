import { createRemoteJWKSet, type RemoteJWKSet } from 'jose';

export interface JwksClientOptions {
  /** How long a fetched key set counts as fresh. Default 10 minutes (jose's default). */
  cacheMaxAgeMs?: number;
  /** Minimum time between two fetches, so tokens with random kids cannot hammer the issuer. Default 30 s. */
  cooldownMs?: number;
  /** HTTP timeout of one fetch. Default 5 s. */
  timeoutMs?: number;
}

export const JWKS_DEFAULTS = Object.freeze({ cacheMaxAgeMs: 600_000, cooldownMs: 30_000, timeoutMs: 5_000 });

/**
 * A remote JWKS usable as a verifier's KeyInput. jose already caches, refetches once when a token
 * names an unknown kid (which is how a rotated-in key is picked up without a restart) and bounds
 * refetches by the cooldown; this wrapper only fixes the defaults in one documented place.
 */
export function createJwksClient(url: string | URL, options: JwksClientOptions = {}): RemoteJWKSet {
  const target = new URL(url);
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    throw new TypeError(`JWKS URL must be http(s): ${target.protocol}`);
  }
  return createRemoteJWKSet(target, {
    cacheMaxAge: options.cacheMaxAgeMs ?? JWKS_DEFAULTS.cacheMaxAgeMs,
    cooldownDuration: options.cooldownMs ?? JWKS_DEFAULTS.cooldownMs,
    timeoutDuration: options.timeoutMs ?? JWKS_DEFAULTS.timeoutMs,
  });
}
