import { AuthError } from '../../errors';

export interface PresentedClient {
  clientId: string;
  /** Undefined for a public client (body `client_id` alone). */
  clientSecret: string | undefined;
  method: 'client_secret_basic' | 'client_secret_post' | 'none';
}

const MAX = 1024;

/**
 * Reads client credentials from HTTP Basic (RFC 6749 §2.3.1: both parts form-urlencoded) or from
 * the body, never both: a body `client_secret` beside Basic, or a body `client_id` naming another
 * client, is `invalid_request`. No credentials at all is `invalid_client`.
 */
export function presentedClient(
  authorization: string | undefined,
  body: { client_id?: string; client_secret?: string },
): PresentedClient {
  if (authorization !== undefined && authorization !== '') {
    const basic = parseBasic(authorization);
    if (body.client_secret !== undefined)
      throw AuthError.invalidRequest('use one client authentication method, not Basic and client_secret');
    if (body.client_id !== undefined && body.client_id !== basic.clientId) {
      throw AuthError.invalidRequest('client_id in the body does not match the Basic credentials');
    }
    return { ...basic, method: 'client_secret_basic' };
  }
  if (body.client_id === undefined) throw AuthError.invalidClient('client authentication is required');
  if (body.client_secret === undefined)
    return { clientId: body.client_id, clientSecret: undefined, method: 'none' };
  return { clientId: body.client_id, clientSecret: body.client_secret, method: 'client_secret_post' };
}

function parseBasic(header: string): { clientId: string; clientSecret: string } {
  const match = /^basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header.trim());
  if (!match || header.length > 4 * MAX) throw AuthError.invalidClient('malformed Basic credentials');
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) throw AuthError.invalidClient('malformed Basic credentials');
  try {
    const clientId = formDecode(decoded.slice(0, colon));
    const clientSecret = formDecode(decoded.slice(colon + 1));
    if (clientId.length > MAX || clientSecret.length > MAX) throw new Error('too long');
    return { clientId, clientSecret };
  } catch {
    throw AuthError.invalidClient('malformed Basic credentials');
  }
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}
