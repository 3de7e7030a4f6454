import { Injectable } from '@nestjs/common';
import { AccountsService } from '../../accounts/accounts.service';
import { AuthError, AuthErrorCode } from '../../errors';
import { presentedClient } from '../client-auth/client-credentials';
import { ClientCredentialsGrant } from '../grants/client-credentials.grant';
import type { GrantContext } from '../grants/grant-handler';
import { PasswordGrant } from '../grants/password.grant';
import { RefreshTokenGrant } from '../grants/refresh-token.grant';
import type { TokenResponseBody } from '../tokens/token-subject';
import { parseTokenRequest, type TokenRequest } from './token-request';

/**
 * The token endpoint's order of checks: the body (cheap, before any hashing), then the client,
 * then whether this client may use this grant, then the grant itself.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly password: PasswordGrant,
    private readonly clientCredentials: ClientCredentialsGrant,
    private readonly refreshToken: RefreshTokenGrant,
  ) {}

  /** `address`: the caller's (for the per-identity-and-address backoff and the hash queue's share). */
  async exchange(
    authorization: string | undefined,
    body: unknown,
    address: string,
  ): Promise<TokenResponseBody> {
    const request = parseTokenRequest(body);
    const presented = presentedClient(authorization, request);
    const client = await this.accounts.authenticateClient(
      presented.clientId,
      presented.clientSecret,
      address,
    );
    if (!client.grants.includes(request.grant_type)) {
      throw new AuthError(
        AuthErrorCode.UnauthorizedClient,
        `client may not use grant_type ${request.grant_type}`,
      );
    }
    return this.dispatch(request, { client, method: presented.method, address });
  }

  private dispatch(request: TokenRequest, context: GrantContext): Promise<TokenResponseBody> {
    switch (request.grant_type) {
      case 'password':
        return this.password.handle(request, context);
      case 'client_credentials':
        return this.clientCredentials.handle(request, context);
      case 'refresh_token':
        return this.refreshToken.handle(request, context);
    }
  }
}
