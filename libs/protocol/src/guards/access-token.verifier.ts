import type { AccessTokenClaims } from '../schemas/access-token.schema';
import { createJwksClient, type JwksClientOptions } from '../jwt/jwks-client';
import type { KeyInput } from '../jwt/key-input';
import { verifyToken } from '../jwt/verify-token';
import { MESSAGES } from '../jwt/jose-error.mapper';
import { TokenError } from '../jwt/token-error';
import type { RevocationCheck } from '../revocation/revocation-list';

interface AccessTokenCheck {
  /** Expected `iss`: the auth service's issuer identifier. */
  issuer: string | string[];
  /** Expected `aud`: this resource server's identifier; required so tokens for others are refused. */
  audience: string | string[];
  clockToleranceSec?: number;
  /** Refuses revoked tokens (a `RevocationList` of auth's feed); absent, only `exp` ends a token. */
  revocations?: RevocationCheck;
}

/** Keys come from the auth service's JWKS URL (production) or are given directly (tests, offline). */
export type ProtocolAuthOptions = AccessTokenCheck &
  ({ jwksUrl: string; jwks?: JwksClientOptions; keys?: undefined } | { keys: KeyInput; jwksUrl?: undefined });

export const ACCESS_TOKEN_VERIFIER = Symbol('ACCESS_TOKEN_VERIFIER');

/**
 * Verifies access tokens with fixed issuer/audience. Usable without Nest too (e.g. the gate's
 * `auth.authorize { token }` over WebSocket). Throws TokenError.
 */
export class AccessTokenVerifier {
  private readonly keys: KeyInput;

  constructor(private readonly options: ProtocolAuthOptions) {
    this.keys = options.keys ?? createJwksClient(options.jwksUrl, options.jwks);
  }

  async verify(token: string): Promise<AccessTokenClaims> {
    const { claims } = await verifyToken('access', token, this.keys, {
      issuer: this.options.issuer,
      audience: this.options.audience,
      ...(this.options.clockToleranceSec === undefined
        ? {}
        : { clockToleranceSec: this.options.clockToleranceSec }),
    });
    if (this.options.revocations?.isRevoked(claims))
      throw new TokenError('token_revoked', MESSAGES.token_revoked);
    return claims;
  }
}
