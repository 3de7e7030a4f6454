/** What the key schedule needs of a stored key. */
export interface ScheduledKey {
  kid: string;
  createdAt: Date;
  /** A configuration token signed with it may still be presented (not revoked, not expired). */
  tokensLive: boolean;
}

/** `keys` newest first. The newest key past its publish lead signs; on a first boot, the newest. */
export function signerIndex(keys: readonly ScheduledKey[], now: number, leadMs: number): number {
  const index = keys.findIndex((k) => k.createdAt.getTime() <= now - leadMs);
  return index === -1 ? 0 : index;
}

/**
 * Keys to publish: the signer and the newer ones waiting for their lead (publish-before-sign), the
 * key the signer replaced until the pushes it signed have expired (`graceMs` after the switch), and
 * any older key a usable configuration token was signed with.
 */
export function publishedKeys<K extends ScheduledKey>(
  keys: readonly K[],
  now: number,
  leadMs: number,
  graceMs: number,
): K[] {
  const signer = signerIndex(keys, now, leadMs);
  const switchedAt = (keys[signer]?.createdAt.getTime() ?? now) + leadMs;
  return keys.filter(
    (k, i) => i <= signer || k.tokensLive || (i === signer + 1 && now < switchedAt + graceMs),
  );
}
