import type { KeyTimes } from './signing-key';

/** When keys are created, start signing, retire and are deleted; each app sets its own. */
export interface KeySchedulePolicy {
  /** A new key this long after the newest one was created; 0: only on demand or on an empty table. */
  readonly rotationIntervalMs: number;
  /** A new key is published this long before it signs, so every replica and cached JWKS has it. */
  readonly publishLeadMs: number;
  /** A replaced key stays published this long after its successor starts signing: the lifetime of the longest token it signed. */
  readonly retireAfterMs: number;
}

export interface RotationPlan {
  readonly activatesAt: Date;
  /** When every key but the new one leaves the JWKS. */
  readonly retireOthersAt: Date;
  /** Keys retired before this are deleted; undefined: none are. */
  readonly deleteRetiredBefore: Date | undefined;
}

/** Whether a new key is due: always on an empty table, else once the newest is a rotation interval old. */
export function rotationDue(
  newestCreatedAt: Date | undefined,
  now: Date,
  policy: KeySchedulePolicy,
): boolean {
  if (newestCreatedAt === undefined) return true;
  return (
    policy.rotationIntervalMs > 0 && now.getTime() - newestCreatedAt.getTime() >= policy.rotationIntervalMs
  );
}

/**
 * The times of a key created `now`. The first key signs at once (nobody can hold its tokens yet);
 * every later one after the publish lead. The keys it replaces retire `retireAfterMs` after it
 * starts signing, when every token they signed has expired. A retired key is kept for one more
 * rotation interval, so an operator can still look a recent kid up, then deleted.
 */
export function planRotation(
  newestCreatedAt: Date | undefined,
  now: Date,
  policy: KeySchedulePolicy,
): RotationPlan {
  const activatesAt = new Date(
    newestCreatedAt === undefined ? now.getTime() : now.getTime() + policy.publishLeadMs,
  );
  return {
    activatesAt,
    retireOthersAt: new Date(activatesAt.getTime() + policy.retireAfterMs),
    deleteRetiredBefore:
      policy.rotationIntervalMs > 0 ? new Date(now.getTime() - policy.rotationIntervalMs) : undefined,
  };
}

/** Published: in the JWKS, and accepted for verification. */
export function isPublished(key: KeyTimes, now: Date): boolean {
  return key.retiresAt === null || key.retiresAt > now;
}

/** The key that signs now: the most recently activated published key. */
export function selectSigner<K extends KeyTimes>(keys: readonly K[], now: Date): K | undefined {
  let best: K | undefined;
  for (const key of keys) {
    if (key.activatesAt > now || !isPublished(key, now)) continue;
    if (!best || key.activatesAt > best.activatesAt) best = key;
  }
  return best;
}
