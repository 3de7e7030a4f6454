import { Injectable } from '@nestjs/common';
import { AuthError, AuthErrorCode } from '../../errors';
import { RefreshTokenService } from '../refresh/refresh-token.service';
import { resolveScope } from '../scope/scope';
import type { TokenRequest } from '../token/token-request';
import { TokenResponseFactory } from '../tokens/token-response.factory';
import type { TokenSubject } from '../tokens/token-subject';
import type { GrantContext, GrantHandler } from './grant-handler';

type ClientCredentialsRequest = Extract<TokenRequest, { grant_type: 'client_credentials' }>;

/**
 * RFC 6749 §4.4: a service acting for itself. PROTOCOL.md 2.2 gives services refresh tokens too,
 * so one is issued when the client is also allowed the `refresh_token` grant.
 */
@Injectable()
export class ClientCredentialsGrant implements GrantHandler<ClientCredentialsRequest> {
  constructor(
    private readonly refresh: RefreshTokenService,
    private readonly responses: TokenResponseFactory,
  ) {}

  async handle(request: ClientCredentialsRequest, { client, method }: GrantContext) {
    if (method === 'none')
      throw new AuthError(
        AuthErrorCode.UnauthorizedClient,
        'client_credentials requires a confidential client',
      );
    const scope = resolveScope(request.scope, client.scopes);
    const subject: TokenSubject = {
      sub: client.clientId,
      subjectType: 'client',
      clientId: client.clientId,
      scope,
      roles: client.roles,
    };
    const refreshToken = client.grants.includes('refresh_token')
      ? await this.refresh.start(subject)
      : undefined;
    return this.responses.create(subject, refreshToken);
  }
}
