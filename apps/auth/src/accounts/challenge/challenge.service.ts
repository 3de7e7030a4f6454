import { Injectable } from '@nestjs/common';
import type { ChallengeCheckRequest, ChallengeCheckResponse } from '@gatehouse/protocol';
import { AuthError, AuthErrorCode } from '../../errors';
import { UsersService } from '../users/users.service';
import { decodeEd25519Signature, verifyEd25519 } from './ed25519';

/** A key nobody holds (its private half was discarded at generation): unknown and disabled users cost one verification like everyone else. */
const DUMMY_KEY = 'mgd18_b1k8cWtjB9JkJIFsGsHCrWof567q8J2l_K3EQ';

/**
 * The gate's challenge login (PROTOCOL 3.2): `sign` must be an Ed25519 signature over the UTF-8
 * bytes of `secret` by one of the user's registered keys. Malformed input is `invalid_request`
 * (400, the gate's 1102); anything else that fails is `access_denied` (403, the gate's 1103) with
 * one wording, so the answer does not tell an unknown user from a wrong key.
 */
@Injectable()
export class ChallengeService {
  constructor(private readonly users: UsersService) {}

  async verify(request: ChallengeCheckRequest): Promise<ChallengeCheckResponse> {
    const signature = decodeEd25519Signature(request.sign);
    if (!signature)
      throw AuthError.invalidRequest('sign: expected a 64-byte Ed25519 signature as base64url or hex');
    const found = await this.users.activeUserKeys(request.user);
    const keys = found && found.keys.length > 0 ? found.keys : [DUMMY_KEY];
    const verified = keys.some((publicKey) => verifyEd25519(publicKey, request.secret, signature));
    // No per-user backoff: a 64-byte Ed25519 signature cannot be guessed, and a lockout could
    // only refuse the rightful owner. Rejections count against the end client's address instead.
    if (!found || !verified) throw new AuthError(AuthErrorCode.AccessDenied, 'challenge signature rejected');
    return { user: found.user.username, roles: found.user.roles };
  }
}
