import {
  isTokenError,
  type KeyInput,
  sha256Hex,
  timingSafeEqualString,
  type UpdateTokenClaims,
  verifyToken,
} from '@gatehouse/protocol';

/** Header carrying the provider's signature over a call to the gate host. */
export const PROVIDER_SIGNATURE_HEADER = 'x-gatehouse-provider-signature';

export type PushRejection = 'signature_missing' | 'signature_invalid' | 'body_mismatch' | 'keys_unavailable';

export class PushRejectedError extends Error {
  constructor(
    readonly code: PushRejection,
    message: string,
  ) {
    super(message);
    this.name = 'PushRejectedError';
  }

  /** 503 when the provider's keys could not be fetched (not a verdict on the call), else 401. */
  get status(): number {
    return this.code === 'keys_unavailable' ? 503 : 401;
  }
}

export interface PushVerifierOptions {
  keys: KeyInput;
  /** Accepted `aud` values: the gate host URL, and the instance id once known. */
  audiences: () => string[];
  /** Expected `iss` (the configuration token's issuer); undefined skips the check. */
  issuer?: string;
}

/**
 * Proves a call to the gate host came from the provider: an `update`-type JWT (asymmetric, pinned
 * algorithms, key from the provider's JWKS), addressed to this service, whose `sha256` names the
 * exact bytes received. A replay can only repeat an identical body to the same service, which the
 * revision check then ignores.
 */
export class PushVerifier {
  constructor(private readonly options: PushVerifierOptions) {}

  async verify(header: string | string[] | undefined, rawBody: Buffer): Promise<UpdateTokenClaims> {
    if (typeof header !== 'string' || header.length === 0) {
      throw new PushRejectedError('signature_missing', 'X-Gatehouse-Provider-Signature header is required');
    }
    let claims: UpdateTokenClaims;
    try {
      ({ claims } = await verifyToken('update', header, this.options.keys, {
        audience: this.options.audiences(),
        ...(this.options.issuer === undefined ? {} : { issuer: this.options.issuer }),
      }));
    } catch (error) {
      if (isTokenError(error) && error.code === 'keys_unavailable') {
        throw new PushRejectedError('keys_unavailable', 'provider keys could not be fetched');
      }
      const reason = isTokenError(error) ? error.code : 'signature_invalid';
      throw new PushRejectedError('signature_invalid', `provider signature refused: ${reason}`);
    }
    if (!timingSafeEqualString(claims.sha256, sha256Hex(rawBody))) {
      throw new PushRejectedError('body_mismatch', 'body does not match the signed sha256');
    }
    return claims;
  }
}
