import { Inject, Injectable } from '@nestjs/common';
import {
  type ConfigurationTokenClaims,
  isTokenError,
  serviceTokenKey,
  type ServiceTokenClaims,
  verifyToken,
} from '@gatehouse/protocol';
import { PROVIDER_CONFIG, type ProviderConfig } from '../config';
import { DiscoveryError, DiscoveryErrorCode } from '../errors';
import { SigningKeysService } from '../keys/signing-keys.service';

export interface VerifiedRegistration {
  service: ServiceTokenClaims;
  configuration: ConfigurationTokenClaims;
}

/** Both JWTs of a `{token, signature}` proof, each failure mapped to its stable code. */
@Injectable()
export class TokenVerifier {
  constructor(
    @Inject(PROVIDER_CONFIG) private readonly config: ProviderConfig,
    private readonly keys: SigningKeysService,
  ) {}

  async verify(token: string, signature: string): Promise<VerifiedRegistration> {
    const service = await this.verifyServiceOnly(token, signature);
    const configuration = await this.configurationToken(service.configuration_token);
    return { service, configuration };
  }

  /**
   * The HS256 service token alone: proves possession of the key (deregistration). A captured body
   * replays only within the token's `exp` and DISCOVERY_SERVICE_TOKEN_MAX_AGE_SEC of its `iat`; a
   * seed-compatible token without either stays replayable for as long as its key is registered
   * (PROTOCOL.md 1.2).
   */
  async verifyServiceOnly(token: string, signature: string): Promise<ServiceTokenClaims> {
    try {
      return (
        await verifyToken('service', token, serviceTokenKey(signature), {
          maxAgeSec: this.config.registration.serviceTokenMaxAgeSec,
        })
      ).claims;
    } catch (error) {
      if (!isTokenError(error)) throw error;
      throw new DiscoveryError(DiscoveryErrorCode.InvalidServiceToken, `service token: ${error.message}`);
    }
  }

  private async configurationToken(token: string): Promise<ConfigurationTokenClaims> {
    try {
      const verified = await verifyToken('configuration', token, this.keys.keyResolver(), {
        issuer: this.config.publicUrl,
      });
      return verified.claims;
    } catch (error) {
      if (!isTokenError(error)) throw error;
      const message = `configuration token: ${error.message}`;
      if (error.code === 'token_expired')
        throw new DiscoveryError(DiscoveryErrorCode.ConfigurationTokenExpired, message);
      if (error.code === 'keys_unavailable')
        throw new DiscoveryError(DiscoveryErrorCode.TemporarilyUnavailable, message);
      throw new DiscoveryError(DiscoveryErrorCode.InvalidConfigurationToken, message);
    }
  }
}
