import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type NodeSigningKey, signTokenThreaded } from '@gatehouse/protocol';
import { AUTH_CONFIG, type AuthConfig } from '../../config';
import { KeyRing } from '../../keys';
import { RefreshTokenMac } from './refresh-token-mac';
import type { TokenSubject } from './token-subject';

export interface IssuedToken {
  token: string;
  jti: string;
  /** NumericDate. */
  exp: number;
}

/**
 * Signs access tokens (RFC 9068) with the key ring's current signer: the key is decrypted and
 * imported once per kid (`KeyRing`), and node:crypto signs on libuv's threadpool
 * (`signTokenThreaded` of @gatehouse/protocol; for why not WebCrypto see there), which
 * `PasswordHasher` keeps a thread of free. Refresh tokens, which only this server checks, are
 * MACed in the calling thread instead (`RefreshTokenMac`).
 */
@Injectable()
export class TokenIssuer {
  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    private readonly ring: KeyRing,
    private readonly mac: RefreshTokenMac,
  ) {}

  async access(subject: TokenSubject): Promise<IssuedToken> {
    const jti = randomUUID();
    const ttl = this.config.accessTokenTtlSec;
    const claims = {
      sub: subject.sub,
      sub_type: subject.subjectType,
      client_id: subject.clientId,
      roles: [...subject.roles],
      ...(subject.scope.length > 0 ? { scope: subject.scope.join(' ') } : {}),
    };
    const token = await signTokenThreaded('access', claims, this.signer(), {
      issuer: this.config.issuer,
      audience: this.config.audience.length === 1 ? this.config.audience[0] : this.config.audience,
      expiresInSec: ttl,
      jti,
    });
    return { token, jti, exp: nowSec() + ttl };
  }

  /** A refresh token of family `sid`; its audience is this server alone. */
  refresh(subject: TokenSubject, sid: string, ttlSec: number): IssuedToken {
    const jti = randomUUID();
    const claims = {
      sub: subject.sub,
      client_id: subject.clientId,
      sid,
      // Signed, so a narrower scope on refresh is checked before the token is consumed.
      ...(subject.scope.length > 0 ? { scope: subject.scope.join(' ') } : {}),
    };
    return { token: this.mac.sign(claims, ttlSec, jti), jti, exp: nowSec() + ttlSec };
  }

  private signer(): NodeSigningKey {
    const key = this.ring.signer();
    return { kid: key.kid, alg: key.alg, key: key.privateKeyObject };
  }
}

function nowSec(): number {
  return Math.floor(Date.now() / 1000);
}
