import { Injectable } from '@nestjs/common';
import { ClientAuthenticator } from '../client-auth/client-authenticator.service';
import { RefreshTokenService } from '../refresh/refresh-token.service';
import { AccessTokenVerifier } from '../tokens/access-token.verifier';
import { AccessDenylistRepository } from './access-denylist.repository';
import { parseTokenOperation, typeOrder } from './token-operation-request';

/**
 * RFC 7009. A client may revoke only its own tokens; whatever the token is (unknown, expired,
 * someone else's) the answer is the same 200, so the endpoint reveals nothing about tokens.
 */
@Injectable()
export class RevocationService {
  constructor(
    private readonly clients: ClientAuthenticator,
    private readonly accessTokens: AccessTokenVerifier,
    private readonly refreshTokens: RefreshTokenService,
    private readonly denylist: AccessDenylistRepository,
  ) {}

  async revoke(authorization: string | undefined, body: unknown, address: string): Promise<void> {
    const request = parseTokenOperation(body);
    const client = await this.clients.confidential(authorization, request, address);
    for (const type of typeOrder(request.token_type_hint)) {
      if (type === 'refresh_token' && (await this.refreshTokens.revoke(request.token, client.clientId)))
        return;
      if (type === 'access_token' && (await this.revokeAccess(request.token, client.clientId))) return;
    }
  }

  private async revokeAccess(token: string, clientId: string): Promise<boolean> {
    const claims = await this.accessTokens.signed(token);
    if (!claims || claims.client_id !== clientId) return false;
    await this.denylist.add(claims.jti, new Date(claims.exp * 1000));
    return true;
  }
}
