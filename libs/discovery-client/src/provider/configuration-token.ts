import { type ConfigurationTokenClaims, configurationTokenClaimsSchema } from '@gatehouse/protocol';
import { decodeJwt } from 'jose';
import { DiscoveryClientError, DiscoveryClientErrorCode } from '../errors/discovery-client.error';

/**
 * Reads the configuration token's claims without verifying it: the service needs `provider_host`
 * and its own name before it can reach anyone, and the provider verifies the token on /register.
 */
export function readConfigurationToken(token: string): ConfigurationTokenClaims {
  let payload: unknown;
  try {
    payload = decodeJwt(token);
  } catch (error) {
    throw new DiscoveryClientError(DiscoveryClientErrorCode.InvalidConfigurationToken, 'not a compact JWT', {
      cause: error,
    });
  }
  const parsed = configurationTokenClaimsSchema.safeParse(payload);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
    throw new DiscoveryClientError(
      DiscoveryClientErrorCode.InvalidConfigurationToken,
      `unexpected claims: ${fields}`,
    );
  }
  return parsed.data;
}
