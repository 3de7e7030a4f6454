import { Injectable } from '@nestjs/common';
import { ClientAuthenticator } from '../client-auth/client-authenticator.service';
import { RefreshTokenService } from '../refresh/refresh-token.service';
import { parseTokenOperation, typeOrder } from '../revocation/token-operation-request';
import { AccessTokenVerifier } from '../tokens/access-token.verifier';

export type IntrospectionBody = { active: false } | ({ active: true } & Record<string, unknown>);

const INACTIVE: IntrospectionBody = { active: false };

/**
 * RFC 7662. Any confidential client (a resource server) may introspect access tokens; a refresh
 * token is reported only to the client it was issued to. Anything not active is `{active:false}`
 * and nothing more (§2.2).
 */
@Injectable()
export class IntrospectionService {
  constructor(
    private readonly clients: ClientAuthenticator,
    private readonly accessTokens: AccessTokenVerifier,
    private readonly refreshTokens: RefreshTokenService,
  ) {}

  async introspect(
    authorization: string | undefined,
    body: unknown,
    address: string,
  ): Promise<IntrospectionBody> {
    const request = parseTokenOperation(body);
    const client = await this.clients.confidential(authorization, request, address);
    for (const type of typeOrder(request.token_type_hint)) {
      const found =
        type === 'access_token'
          ? await this.access(request.token)
          : await this.refresh(request.token, client.clientId);
      if (found) return found;
    }
    return INACTIVE;
  }

  private async access(token: string): Promise<IntrospectionBody | undefined> {
    const c = await this.accessTokens.active(token);
    if (!c) return undefined;
    return {
      active: true,
      token_type: 'Bearer',
      iss: c.iss,
      sub: c.sub,
      aud: c.aud,
      client_id: c.client_id,
      ...(c.scope === undefined ? {} : { scope: c.scope }),
      roles: c.roles,
      exp: c.exp,
      iat: c.iat,
      jti: c.jti,
    };
  }

  private async refresh(token: string, clientId: string): Promise<IntrospectionBody | undefined> {
    const c = await this.refreshTokens.active(token);
    if (!c || c.client_id !== clientId) return undefined;
    return {
      active: true,
      token_type: 'refresh_token',
      iss: c.iss,
      sub: c.sub,
      client_id: c.client_id,
      ...(typeof c['scope'] === 'string' ? { scope: c['scope'] } : {}),
      exp: c.exp,
      iat: c.iat,
      jti: c.jti,
    };
  }
}
