import { Inject, Injectable } from '@nestjs/common';
import { type AccessTokenClaims, verifyTokenNative } from '@gatehouse/protocol';
import { AUTH_CONFIG, type AuthConfig } from '../../config';
import { KeyRing } from '../../keys';
import { AccessDenylistRepository } from '../revocation/access-denylist.repository';
import { ringResolver } from './key-resolver';

/** Checks our own access tokens: signature with the key ring, `typ`, `iss`, `aud`, `exp`, denylist. */
@Injectable()
export class AccessTokenVerifier {
  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    private readonly ring: KeyRing,
    private readonly denylist: AccessDenylistRepository,
  ) {}

  /** The claims of a valid, unrevoked access token; undefined for anything else. */
  async active(token: string): Promise<AccessTokenClaims | undefined> {
    const claims = await this.signed(token);
    if (!claims || (await this.denylist.has(claims.jti))) return undefined;
    return claims;
  }

  /** Signature and claims only (no denylist lookup). */
  async signed(token: string): Promise<AccessTokenClaims | undefined> {
    try {
      const { claims } = await verifyTokenNative('access', token, ringResolver(this.ring), {
        issuer: this.config.issuer,
        audience: this.config.audience,
        clockToleranceSec: 0,
      });
      return claims;
    } catch {
      return undefined;
    }
  }
}
