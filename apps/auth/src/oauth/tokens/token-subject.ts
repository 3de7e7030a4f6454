/** Whom a token speaks for: a user (password grant) or a service client (client_credentials). */
export type SubjectType = 'user' | 'client';

export interface TokenSubject {
  /** `sub`: the username for users, the client id for services. */
  sub: string;
  subjectType: SubjectType;
  /** The client the tokens are issued to (`client_id`). */
  clientId: string;
  scope: readonly string[];
  roles: readonly string[];
}

/** What `/oauth/token` answers on success (RFC 6749 §5.1). */
export interface TokenResponseBody {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope?: string;
}
