import { isPublished, type KeySchedulePolicy, planRotation, rotationDue, selectSigner } from './key-schedule';
import type { KeyTimes } from './signing-key';

const MIN = 60_000;
const T0 = Date.UTC(2030, 0, 1);
const at = (min: number) => new Date(T0 + min * MIN);
const policy: KeySchedulePolicy = {
  rotationIntervalMs: 60 * MIN,
  publishLeadMs: 15 * MIN,
  retireAfterMs: 2 * MIN,
};

interface Key extends KeyTimes {
  kid: string;
}

/** Replays the schedule: a key created at each minute in `createdAt`, as `SigningKeyStore.rotate` stores it. */
function history(...createdAt: number[]): Key[] {
  const keys: Key[] = [];
  for (const [i, min] of createdAt.entries()) {
    const newest = keys.at(-1)?.createdAt;
    const plan = planRotation(newest, at(min), policy);
    keys.forEach((k, j) => {
      if (k.retiresAt === null) keys[j] = { ...k, retiresAt: plan.retireOthersAt };
    });
    keys.push({ kid: `k${i + 1}`, createdAt: at(min), activatesAt: plan.activatesAt, retiresAt: null });
  }
  return keys;
}
const published = (keys: Key[], min: number) => keys.filter((k) => isPublished(k, at(min))).map((k) => k.kid);

describe('signing key schedule', () => {
  it('the first key signs at once', () => {
    expect(selectSigner(history(0), at(0))?.kid).toBe('k1');
  });

  it('a new key is published at once but signs only after the publish lead', () => {
    const keys = history(0, 100);
    expect(published(keys, 100)).toEqual(['k1', 'k2']);
    expect(selectSigner(keys, at(114))?.kid).toBe('k1');
    expect(selectSigner(keys, at(115))?.kid).toBe('k2');
  });

  it('the replaced key stays published for retireAfter once its successor signs, then leaves', () => {
    const keys = history(0, 100);
    expect(published(keys, 116)).toEqual(['k1', 'k2']);
    expect(published(keys, 117)).toEqual(['k2']);
    expect(selectSigner(keys, at(117))?.kid).toBe('k2');
  });

  it('a key created during another one`s lead replaces every key before it', () => {
    const keys = history(0, 100, 105);
    expect(selectSigner(keys, at(118))?.kid).toBe('k2');
    expect(selectSigner(keys, at(120))?.kid).toBe('k3');
    expect(published(keys, 122)).toEqual(['k3']);
  });

  it('a key is due on an empty table, then once the newest is a rotation interval old; never at interval 0', () => {
    expect(rotationDue(undefined, at(0), policy)).toBe(true);
    expect(rotationDue(at(0), at(59), policy)).toBe(false);
    expect(rotationDue(at(0), at(60), policy)).toBe(true);
    expect(rotationDue(at(0), at(6000), { ...policy, rotationIntervalMs: 0 })).toBe(false);
    expect(rotationDue(undefined, at(0), { ...policy, rotationIntervalMs: 0 })).toBe(true);
  });

  it('deletes keys retired a rotation interval ago, and none when rotation is manual', () => {
    expect(planRotation(at(0), at(100), policy).deleteRetiredBefore).toEqual(at(40));
    expect(
      planRotation(at(0), at(100), { ...policy, rotationIntervalMs: 0 }).deleteRetiredBefore,
    ).toBeUndefined();
  });
});
