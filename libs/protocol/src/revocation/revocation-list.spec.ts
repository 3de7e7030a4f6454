import type { RevocationSnapshot } from '../schemas/revocation.schema';
import { RevocationList, type RevocationSource } from './revocation-list';

describe('RevocationList', () => {
  const snapshot = (over: Partial<RevocationSnapshot> = {}): RevocationSnapshot => ({
    jti: [],
    users: [],
    clients: [],
    ...over,
  });
  /** A source that serves `current` under `etag`, counting loads and answering `unchanged` to the same tag. */
  const source = () => {
    const state = { current: snapshot(), etag: '"1"', loads: 0, fail: false };
    const load: RevocationSource = async (etag) => {
      state.loads++;
      if (state.fail) throw new Error('auth is down');
      return etag === state.etag ? 'unchanged' : { snapshot: state.current, etag: state.etag };
    };
    return { state, load };
  };

  it('answers by jti, and by subject within its type (both for a token without sub_type)', async () => {
    const { state, load } = source();
    state.current = snapshot({ jti: ['t1'], users: ['bob'], clients: ['svc'] });
    const list = new RevocationList({ source: load, pollMs: 60_000 });
    await list.refresh();
    expect(list.isRevoked({ jti: 't1', sub: 'alice', sub_type: 'user' })).toBe(true);
    expect(list.isRevoked({ jti: 't2', sub: 'alice', sub_type: 'user' })).toBe(false);
    expect(list.isRevoked({ sub: 'bob', sub_type: 'user' })).toBe(true);
    expect(list.isRevoked({ sub: 'bob', sub_type: 'client' })).toBe(false);
    expect(list.isRevoked({ sub: 'svc', sub_type: 'client' })).toBe(true);
    expect(list.isRevoked({ sub: 'svc', sub_type: 'user' })).toBe(false);
    expect(list.isRevoked({ sub: 'svc' })).toBe(true);
    expect(list.isUserDisabled('bob')).toBe(true);
  });

  it('keeps the list on 304 and on a failed load, tells onChange only of new lists, onError of failures', async () => {
    const { state, load } = source();
    const changes: number[] = [];
    const errors: unknown[] = [];
    const list = new RevocationList({
      source: load,
      pollMs: 60_000,
      onChange: () => changes.push(state.loads),
      onError: (e) => errors.push(e),
    });
    state.current = snapshot({ users: ['bob'] });
    await list.refresh();
    await list.refresh(); // same ETag: unchanged
    expect(changes).toEqual([1]);
    state.fail = true;
    await list.refresh();
    expect(errors).toHaveLength(1);
    expect(list.isUserDisabled('bob')).toBe(true);
    state.fail = false;
    state.current = snapshot();
    state.etag = '"2"';
    await list.refresh();
    expect(list.isUserDisabled('bob')).toBe(false);
    expect(changes).toEqual([1, 4]);
  });

  it('shares one load among concurrent refreshes', async () => {
    const { state, load } = source();
    const list = new RevocationList({ source: load, pollMs: 60_000 });
    await Promise.all([list.refresh(), list.refresh(), list.refresh()]);
    expect(state.loads).toBe(1);
  });
});
