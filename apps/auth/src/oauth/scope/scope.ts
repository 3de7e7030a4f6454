import { AuthError, AuthErrorCode } from '../../errors';

// RFC 6749 §3.3 scope-token: printable ASCII except space, `"` and `\`.
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/**
 * The scope to grant: what was asked for, when every item of it is allowed; all that is allowed
 * when nothing was asked for. Asking for anything else is `invalid_scope`.
 */
export function resolveScope(requested: string | undefined, allowed: readonly string[]): string[] {
  if (requested === undefined) return [...allowed];
  const items = requested.split(' ').filter((s) => s.length > 0);
  if (items.some((s) => !SCOPE_TOKEN.test(s)))
    throw new AuthError(AuthErrorCode.InvalidScope, 'scope is malformed');
  const unknown = items.filter((s) => !allowed.includes(s));
  if (unknown.length > 0)
    throw new AuthError(
      AuthErrorCode.InvalidScope,
      `scope not allowed for this client: ${unknown.join(' ')}`,
    );
  return [...new Set(items)];
}
