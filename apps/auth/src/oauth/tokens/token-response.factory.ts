import { Inject, Injectable } from '@nestjs/common';
import { AUTH_CONFIG, type AuthConfig } from '../../config';
import { TokenIssuer } from './token-issuer.service';
import type { TokenResponseBody, TokenSubject } from './token-subject';

/** Builds the RFC 6749 §5.1 body around a fresh access token. */
@Injectable()
export class TokenResponseFactory {
  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    private readonly issuer: TokenIssuer,
  ) {}

  async create(subject: TokenSubject, refreshToken: string | undefined): Promise<TokenResponseBody> {
    const access = await this.issuer.access(subject);
    return {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: this.config.accessTokenTtlSec,
      ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
      ...(subject.scope.length > 0 ? { scope: subject.scope.join(' ') } : {}),
    };
  }
}
