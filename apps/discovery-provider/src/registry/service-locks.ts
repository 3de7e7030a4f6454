import { createHash } from 'node:crypto';

/**
 * Keys of the advisory locks that serialise membership changes that could miss each other: a
 * change to service S reads the callers of S and the instances of S's permissions, so it locks S
 * and every permitted name. Two changes whose affected sets depend on each other always share a
 * lock. Sorted and unique; the repository takes them in this ascending order, so transactions
 * never deadlock on them.
 */
export function serviceLockKeys(names: Iterable<string>): bigint[] {
  return [...new Set([...names].map(lockKey))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

// A registration locks its service and each permitted name (eleven hashes in the bench's graph),
// and every name comes back with each instance that registers or may call it. Names come from
// configuration tokens the operator issued, so the set is small; the bound only guards memory.
const MAX_CACHED_KEYS = 100_000;
const cachedKeys = new Map<string, bigint>();

function lockKey(name: string): bigint {
  let key = cachedKeys.get(name);
  if (key === undefined) {
    key = createHash('sha256').update(`discovery-service:${name}`).digest().readBigInt64BE(0);
    if (cachedKeys.size >= MAX_CACHED_KEYS) cachedKeys.clear();
    cachedKeys.set(name, key);
  }
  return key;
}
