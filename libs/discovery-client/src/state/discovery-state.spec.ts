import type { UpdateMessage } from '@gatehouse/protocol';
import { DiscoveryState } from './discovery-state';

const update = (revision: number, extra: Partial<UpdateMessage> = {}): UpdateMessage => ({
  method: 'update',
  revision,
  permissions: { gate: { host: 'http://gate:8081', token: `gate-token-${revision}` } },
  allows: { [`caller-token-${revision}`]: '::ffff:10.0.0.7' },
  ...extra,
});

describe('DiscoveryState', () => {
  it('applies newer revisions and ignores stale or replayed ones', () => {
    const state = new DiscoveryState();
    expect(state.revision()).toBe(-1);
    expect(state.apply(update(3))).toBe(true);
    expect(state.apply(update(3))).toBe(false);
    expect(state.apply(update(2))).toBe(false);
    expect(state.permission('gate')?.token).toBe('gate-token-3');
    expect(state.apply(update(4))).toBe(true);
    expect(state.revision()).toBe(4);
    expect(state.view().permissions['gate']?.token).toBe('gate-token-4');
  });

  it('accepts revision 0 as the first update', () => {
    const state = new DiscoveryState();
    expect(state.apply(update(0))).toBe(true);
  });

  it('lowers the floor only when the provider numbering went backwards', () => {
    const state = new DiscoveryState();
    state.apply(update(10));
    state.acceptRevisionsAfter(20);
    expect(state.apply(update(11))).toBe(true);
    state.acceptRevisionsAfter(0);
    expect(state.apply(update(1))).toBe(true);
  });

  it('authorizes a token from the mapped IP, whatever its spelling', () => {
    const state = new DiscoveryState();
    state.apply(update(1));
    expect(state.authorize('caller-token-1', '10.0.0.7', true)).toEqual({
      ok: true,
      caller: { ip: '10.0.0.7', service: undefined },
    });
    expect(state.authorize('caller-token-1', '::ffff:10.0.0.7', true).ok).toBe(true);
    expect(state.authorize('caller-token-1', '10.0.0.8', true)).toEqual({ ok: false, reason: 'ip_mismatch' });
    expect(state.authorize('caller-token-1', undefined, true)).toEqual({ ok: false, reason: 'ip_mismatch' });
    expect(state.authorize('caller-token-1', '10.0.0.8', false).ok).toBe(true);
    expect(state.authorize('other', '10.0.0.7', true)).toEqual({ ok: false, reason: 'unknown_token' });
    expect(state.authorize(undefined, '10.0.0.7', true)).toEqual({ ok: false, reason: 'missing_token' });
  });

  it('forgets tokens a newer update no longer allows', () => {
    const state = new DiscoveryState();
    state.apply(update(1));
    state.apply(update(2));
    expect(state.authorize('caller-token-1', '10.0.0.7', true).ok).toBe(false);
    expect(state.authorize('caller-token-2', '10.0.0.7', true).ok).toBe(true);
  });

  it('names the caller when the provider sends `callers`', () => {
    const state = new DiscoveryState();
    state.apply({ ...update(1), callers: { 'caller-token-1': 'gate' } } as UpdateMessage);
    const verdict = state.authorize('caller-token-1', '10.0.0.7', true);
    expect(verdict.ok && verdict.caller.service).toBe('gate');
  });

  it('round-robins over hosts', () => {
    const state = new DiscoveryState();
    state.apply(update(1, { hosts: { gate: ['http://g1:1', 'http://g2:2', 'http://g1:1'] } }));
    const permission = state.permission('gate')!;
    const picks = [1, 2, 3, 4].map(() => state.pickHost(permission, 'gate'));
    expect(picks).toEqual(['http://g1:1', 'http://g2:2', 'http://g1:1', 'http://g2:2']);
  });

  it('uses the permission host when no hosts list is sent', () => {
    const state = new DiscoveryState();
    state.apply(update(1));
    expect(state.pickHost(state.permission('gate')!, 'gate')).toBe('http://gate:8081');
  });

  it('notifies listeners, survives a throwing one, and stops after unsubscribe', () => {
    const errors: unknown[] = [];
    const state = new DiscoveryState((error) => errors.push(error));
    const seen: number[] = [];
    state.onUpdate(() => {
      throw new Error('boom');
    });
    const stop = state.onUpdate((view) => seen.push(view.revision));
    state.apply(update(1));
    state.apply(update(1));
    stop();
    state.apply(update(2));
    expect(seen).toEqual([1]);
    expect(errors).toHaveLength(2);
  });

  it('clear() drops every permission and allow', () => {
    const state = new DiscoveryState();
    state.apply(update(1));
    state.clear();
    expect(state.permission('gate')).toBeUndefined();
    expect(state.authorize('caller-token-1', '10.0.0.7', true).ok).toBe(false);
    expect(state.apply(update(1))).toBe(false);
  });
});
