/**
 * When to fetch a fresh token before `token` lapses, in ms from now; undefined when the token
 * carries no `exp` (not a JWT, or an opaque token: then the gate's `auth.expired` is the signal).
 * The payload is only read, never trusted: the gate verifies the token. The lifetime `exp - iat`
 * bounds the wait too, so a client whose clock runs behind still refreshes in time.
 */
export function refreshDelay(token: string, aheadMs: number, now = Date.now()): number | undefined {
  let claims: { exp?: unknown; iat?: unknown };
  try {
    const part = token.split('.')[1] ?? '';
    claims = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as typeof claims;
  } catch {
    return undefined;
  }
  if (typeof claims !== 'object' || claims === null || typeof claims.exp !== 'number') return undefined;
  const lifetime = typeof claims.iat === 'number' ? (claims.exp - claims.iat) * 1000 : Infinity;
  const left = Math.min(claims.exp * 1000 - now, lifetime);
  // A short-lived token is refreshed when three quarters of its life are gone, not after it lapsed.
  return Math.max(0, left - Math.min(aheadMs, left / 4));
}
