import {
  type AccessTokenClaims,
  createJwksClient,
  isTokenError,
  JsonRpcErrorCode,
  JsonRpcException,
  type KeyInput,
  type RevocationCheck,
  verifyToken,
} from '@gatehouse/protocol';

export interface TokenLogin {
  user: string;
  roles: string[];
  /** ms since epoch. */
  expiresAt: number;
  /** `jti`, for revocation checks while the connection lives. */
  tokenId: string | undefined;
}

/**
 * Verifies an auth-service access token locally, against the auth service's JWKS (cached,
 * refetched when a rotated-in kid appears). Malformed tokens are 1102, refused ones 1103; keys that
 * cannot be fetched say nothing about the token and are reported as an internal error.
 */
export class TokenVerifier {
  private readonly keys: KeyInput;

  constructor(
    jwksUrl: string,
    private readonly issuer: string,
    private readonly audience: string[],
    private readonly revocations: RevocationCheck | undefined,
  ) {
    this.keys = createJwksClient(jwksUrl);
  }

  async verify(token: string): Promise<TokenLogin> {
    try {
      const { claims } = await verifyToken<'access', AccessTokenClaims>('access', token, this.keys, {
        issuer: this.issuer,
        ...(this.audience.length > 0 ? { audience: this.audience } : {}),
      });
      // A client_credentials token of a client named like a user must never log in as that user.
      if (claims.sub_type !== 'user') {
        throw new JsonRpcException(JsonRpcErrorCode.AuthRejected, undefined, {
          reason: "token is not a user's",
        });
      }
      if (this.revocations?.isRevoked(claims)) {
        throw new JsonRpcException(JsonRpcErrorCode.AuthRejected, undefined, { reason: 'token is revoked' });
      }
      return { user: claims.sub, roles: claims.roles, expiresAt: claims.exp * 1000, tokenId: claims.jti };
    } catch (error) {
      if (!isTokenError(error)) throw error;
      switch (error.code) {
        case 'token_malformed':
        case 'token_too_large':
          throw new JsonRpcException(JsonRpcErrorCode.InvalidAuthFormat, undefined, {
            reason: error.message,
          });
        case 'keys_unavailable':
          throw new JsonRpcException(JsonRpcErrorCode.InternalError, undefined, {
            reason: 'auth keys unavailable',
          });
        case 'alg_not_allowed':
        case 'typ_mismatch':
        case 'kid_unknown':
        case 'signature_invalid':
        case 'token_expired':
        case 'token_not_yet_valid':
        case 'iss_mismatch':
        case 'aud_mismatch':
        case 'claims_invalid':
        case 'token_revoked':
          throw new JsonRpcException(JsonRpcErrorCode.AuthRejected, undefined, { reason: error.message });
      }
    }
  }
}
