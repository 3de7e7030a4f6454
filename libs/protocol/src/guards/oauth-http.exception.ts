import { HttpException, HttpStatus } from '@nestjs/common';
import type { OAuthErrorCode } from '../schemas/oauth.schema';

/** Body of a bearer failure; `error` is absent when the request carried no token (RFC 6750 3.1). */
export interface BearerErrorBody {
  error?: OAuthErrorCode;
  error_description: string;
}

/**
 * An RFC 6750 failure: the status, the OAuth error body and the `WWW-Authenticate` challenge
 * travel together so any filter (ours, or Nest's default) can render them unchanged.
 */
export class OAuthHttpException extends HttpException {
  constructor(
    status: HttpStatus,
    readonly body: BearerErrorBody,
    readonly wwwAuthenticate: string | undefined,
  ) {
    super(body, status);
  }

  static missingToken(): OAuthHttpException {
    return new OAuthHttpException(
      HttpStatus.UNAUTHORIZED,
      { error_description: 'a bearer access token is required' },
      'Bearer',
    );
  }

  static invalidToken(description: string): OAuthHttpException {
    return new OAuthHttpException(
      HttpStatus.UNAUTHORIZED,
      { error: 'invalid_token', error_description: description },
      bearerChallenge({ error: 'invalid_token', error_description: description }),
    );
  }

  static insufficientScope(description: string, scopes: readonly string[]): OAuthHttpException {
    const scope: Record<string, string> = scopes.length > 0 ? { scope: scopes.join(' ') } : {};
    return new OAuthHttpException(
      HttpStatus.FORBIDDEN,
      { error: 'insufficient_scope', error_description: description },
      bearerChallenge({ error: 'insufficient_scope', error_description: description, ...scope }),
    );
  }

  /** The key source is down: not the client's fault, so no challenge and a retryable status. */
  static unavailable(description: string): OAuthHttpException {
    return new OAuthHttpException(
      HttpStatus.SERVICE_UNAVAILABLE,
      { error: 'temporarily_unavailable', error_description: description },
      undefined,
    );
  }
}

/** `Bearer k="v", …`; quotes and backslashes are dropped since values are our own fixed texts. */
export function bearerChallenge(params: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(params).map(([key, value]) => `${key}="${value.replace(/["\\]/g, '')}"`);
  return pairs.length === 0 ? 'Bearer' : `Bearer ${pairs.join(', ')}`;
}
