import { Injectable } from '@nestjs/common';
import { AuthError } from '../../errors';
import { type RotatedRefreshToken, RefreshTokenService } from '../refresh/refresh-token.service';
import type { TokenRequest } from '../token/token-request';
import { TokenResponseFactory } from '../tokens/token-response.factory';
import type { GrantContext, GrantHandler } from './grant-handler';

type RefreshRequest = Extract<TokenRequest, { grant_type: 'refresh_token' }>;

/**
 * RFC 6749 §6: rotates the refresh token. Roles are read afresh (a user's current roles, the
 * client's current roles), and a user who was disabled or deleted ends the family. The user is
 * read by the rotating statement itself and the client by its authentication, so a grant costs
 * one database round trip (two when the client is not in the authentication cache).
 */
@Injectable()
export class RefreshTokenGrant implements GrantHandler<RefreshRequest> {
  constructor(
    private readonly refresh: RefreshTokenService,
    private readonly responses: TokenResponseFactory,
  ) {}

  async handle(request: RefreshRequest, { client }: GrantContext) {
    const rotated = await this.refresh.rotate(request.refresh_token, client, request.scope);
    const roles = rotated.subject.subjectType === 'client' ? client.roles : await this.userRoles(rotated);
    return this.responses.create({ ...rotated.subject, roles }, rotated.refreshToken);
  }

  private async userRoles({ user, familyId }: RotatedRefreshToken): Promise<string[]> {
    if (user && !user.disabled) return user.roles;
    await this.refresh.revokeFamily(familyId);
    throw AuthError.invalidGrant('the account is disabled or no longer exists');
  }
}
