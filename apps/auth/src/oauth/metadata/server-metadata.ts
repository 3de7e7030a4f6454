import { GRANT_TYPES } from '../token/token-request';

export type ServerMetadata = Record<string, string | string[]>;

const CLIENT_AUTH = ['client_secret_basic', 'client_secret_post'];

/** RFC 8414 §2: what a client needs to find our endpoints and capabilities. */
export function serverMetadata(issuer: string): ServerMetadata {
  return {
    issuer,
    token_endpoint: `${issuer}/oauth/token`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    grant_types_supported: [...GRANT_TYPES],
    response_types_supported: [],
    token_endpoint_auth_methods_supported: [...CLIENT_AUTH, 'none'],
    revocation_endpoint: `${issuer}/oauth/revoke`,
    revocation_endpoint_auth_methods_supported: CLIENT_AUTH,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    introspection_endpoint_auth_methods_supported: CLIENT_AUTH,
    service_documentation: `${issuer}/docs`,
  };
}
