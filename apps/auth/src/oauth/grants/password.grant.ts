import { Injectable } from '@nestjs/common';
import { AccountsService } from '../../accounts/accounts.service';
import { RefreshTokenService } from '../refresh/refresh-token.service';
import { resolveScope } from '../scope/scope';
import type { TokenRequest } from '../token/token-request';
import { TokenResponseFactory } from '../tokens/token-response.factory';
import type { TokenSubject } from '../tokens/token-subject';
import type { GrantContext, GrantHandler } from './grant-handler';

type PasswordRequest = Extract<TokenRequest, { grant_type: 'password' }>;

/** RFC 6749 §4.3: a user's own password, through a client allowed to use this grant. */
@Injectable()
export class PasswordGrant implements GrantHandler<PasswordRequest> {
  constructor(
    private readonly accounts: AccountsService,
    private readonly refresh: RefreshTokenService,
    private readonly responses: TokenResponseFactory,
  ) {}

  async handle(request: PasswordRequest, { client, address }: GrantContext) {
    const scope = resolveScope(request.scope, client.scopes);
    const user = await this.accounts.verifyUserPassword(request.username, request.password, address);
    const subject: TokenSubject = {
      sub: user.username,
      subjectType: 'user',
      clientId: client.clientId,
      scope,
      roles: user.roles,
    };
    const refreshToken = client.grants.includes('refresh_token')
      ? await this.refresh.start(subject)
      : undefined;
    return this.responses.create(subject, refreshToken);
  }
}
