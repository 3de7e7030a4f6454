import { Inject, Injectable } from '@nestjs/common';
import { errors, type JWTVerifyGetKey } from 'jose';
import {
  type NodeSigningKey,
  type RefreshTokenClaims,
  signTokenSync,
  verifyTokenNative,
} from '@gatehouse/protocol';
import { AUTH_CONFIG, type AuthConfig } from '../../config';
import { RefreshTokenKey } from '../../keys';

/**
 * Refresh tokens as HS256 JWTs under `RefreshTokenKey`, made and checked in the calling thread:
 * an HMAC of a few hundred bytes costs microseconds, less than a hand-off to libuv's threadpool,
 * which stays free for access-token signatures and argon2id. The MAC is compared in constant time
 * (`verifyTokenNative`), and `typ`, `iss`, `aud` (this server) and `exp` are checked as for any
 * token of the protocol.
 */
@Injectable()
export class RefreshTokenMac {
  private readonly signingKey: NodeSigningKey;
  private readonly keys: JWTVerifyGetKey;

  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    key: RefreshTokenKey,
  ) {
    this.signingKey = { kid: key.kid, alg: 'HS256', key: key.key };
    // One key: any other kid is unknown (a token of another key-encryption key or label version).
    this.keys = async (header) => {
      if (header.kid !== key.kid) throw new errors.JWKSNoMatchingKey();
      return key.key;
    };
  }

  sign(claims: Readonly<Record<string, unknown>>, expiresInSec: number, jti: string): string {
    return signTokenSync('refresh', claims, this.signingKey, {
      issuer: this.config.issuer,
      audience: this.config.issuer,
      expiresInSec,
      jti,
    });
  }

  /** The claims of a refresh token MACed by us, unexpired; throws a `TokenError` otherwise. */
  async verify(token: string): Promise<RefreshTokenClaims> {
    const { claims } = await verifyTokenNative('refresh', token, this.keys, {
      issuer: this.config.issuer,
      audience: this.config.issuer,
      clockToleranceSec: 0,
    });
    return claims;
  }
}
