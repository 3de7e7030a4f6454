import { Injectable } from '@nestjs/common';
import { AccountsService } from '../../accounts/accounts.service';
import { AuthError } from '../../errors';
import { presentedClient } from './client-credentials';
import type { OAuthClient } from './oauth-client';

/** Authenticates the confidential client calling `/oauth/introspect` or `/oauth/revoke`. */
@Injectable()
export class ClientAuthenticator {
  constructor(private readonly accounts: AccountsService) {}

  /** `address`: the caller's, for its lockout (see `AccountsService.authenticateClient`). */
  async confidential(
    authorization: string | undefined,
    body: { client_id?: string; client_secret?: string },
    address: string,
  ): Promise<OAuthClient> {
    const presented = presentedClient(authorization, body);
    if (presented.clientSecret === undefined)
      throw AuthError.invalidClient('client authentication is required');
    return this.accounts.authenticateClient(presented.clientId, presented.clientSecret, address);
  }
}
