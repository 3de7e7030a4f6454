import type { OAuthClient } from '../client-auth/oauth-client';
import type { PresentedClient } from '../client-auth/client-credentials';
import type { TokenRequest } from '../token/token-request';
import type { TokenResponseBody } from '../tokens/token-subject';

/** The client behind a token request, authenticated, and how it authenticated. */
export interface GrantContext {
  client: OAuthClient;
  method: PresentedClient['method'];
  /** The caller's address (see `SignInLimits`). */
  address: string;
}

/** One grant type: turns a validated request from an authenticated client into tokens. */
export interface GrantHandler<R extends TokenRequest> {
  handle(request: R, context: GrantContext): Promise<TokenResponseBody>;
}
