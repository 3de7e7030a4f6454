import { randomBytes } from 'node:crypto';
import { md5Hex, serviceTokenKey, signToken } from '@gatehouse/protocol';

/** One registration's secret: the random key and what the provider will ask back in confirm. */
export interface ServiceKey {
  /** 32 random bytes, base64url: the `signature` of PROTOCOL.md 1.2. */
  readonly signature: string;
  /** md5 hex of `signature`, as the provider sends it in confirm. */
  readonly hashed: string;
}

export function createServiceKey(): ServiceKey {
  const signature = randomBytes(32).toString('base64url');
  return Object.freeze({ signature, hashed: md5Hex(signature) });
}

export interface ServiceTokenClaimsInput {
  host: string;
  gateHost: string;
  configurationToken: string;
}

/** How long a service token is good for: a captured register/deregister body replays only this long. */
export const SERVICE_TOKEN_TTL_SEC = 60;

/**
 * The HS256 `service_token` `{host, gate_host, configuration_token, iat, exp}` signed with the key.
 * Signed afresh for each request (register, deregister), never kept for later.
 */
export function signServiceToken(key: ServiceKey, input: ServiceTokenClaimsInput): Promise<string> {
  const claims = {
    host: input.host,
    gate_host: input.gateHost,
    configuration_token: input.configurationToken,
  };
  return signToken(
    'service',
    claims,
    { alg: 'HS256', key: serviceTokenKey(key.signature) },
    { expiresInSec: SERVICE_TOKEN_TTL_SEC },
  );
}
