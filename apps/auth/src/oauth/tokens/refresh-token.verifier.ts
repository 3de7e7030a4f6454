import { Inject, Injectable } from '@nestjs/common';
import { isTokenError, type RefreshTokenClaims, verifyTokenNative } from '@gatehouse/protocol';
import { AUTH_CONFIG, type AuthConfig } from '../../config';
import { KeyRing } from '../../keys';
import { ringResolver } from './key-resolver';
import { RefreshTokenMac } from './refresh-token-mac';

/**
 * Checks a presented refresh token's signature and claims (the family's state is the repository's
 * business). Ours are HS256 (`RefreshTokenMac`). A refresh token signed by the key ring is one
 * issued before the switch to HS256 (`legacy-refresh`): it is checked as it was then, so nobody is
 * signed out by the upgrade, and since every use rotates it into an HS256 token and none is issued
 * any more, the last of them is gone `AUTH_REFRESH_TOKEN_TTL_MS` after the upgrade. Only a refused
 * `alg` falls back to that path; any other failure of the MAC path is final.
 */
@Injectable()
export class RefreshTokenVerifier {
  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    private readonly mac: RefreshTokenMac,
    private readonly ring: KeyRing,
  ) {}

  /** The claims of a refresh token signed by us and unexpired; undefined for anything else. */
  async verify(token: string): Promise<RefreshTokenClaims | undefined> {
    try {
      return await this.mac.verify(token);
    } catch (error) {
      if (!isTokenError(error) || error.code !== 'alg_not_allowed') return undefined;
    }
    return this.legacy(token);
  }

  private async legacy(token: string): Promise<RefreshTokenClaims | undefined> {
    try {
      const { claims } = await verifyTokenNative('legacy-refresh', token, ringResolver(this.ring), {
        issuer: this.config.issuer,
        audience: this.config.issuer,
        clockToleranceSec: 0,
      });
      return claims;
    } catch {
      return undefined;
    }
  }
}
