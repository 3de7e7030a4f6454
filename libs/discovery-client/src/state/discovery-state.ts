import { createHash } from 'node:crypto';
import { timingSafeEqualString, type UpdateMessage } from '@gatehouse/protocol';
import { normalizeIp } from '../net/ip';
import type { AllowsVerdict, DiscoveryView, PeerPermission, UpdateListener } from './discovery-view';

interface AllowEntry {
  token: string;
  ip: string | undefined;
  service: string | undefined;
}

/** No update applied yet: any revision the provider sends is newer. */
const NONE = -1;

/**
 * The permissions and allows of the last applied update. Pure and synchronous: the gate endpoint
 * feeds it verified updates, the client and the guard read it. Stale or replayed updates
 * (revision <= the last applied) are ignored, so an outbox retry delivered late cannot roll back.
 */
export class DiscoveryState {
  private revisionFloor = NONE;
  private permissionsByName = new Map<string, PeerPermission>();
  private allowsByDigest = new Map<string, AllowEntry>();
  private readonly cursors = new Map<string, number>();
  private readonly listeners = new Set<UpdateListener>();
  private snapshot: DiscoveryView = Object.freeze({ revision: NONE, permissions: Object.freeze({}) });

  /** `onListenerError` hears about a listener that threw; the other listeners still run. */
  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  /** Applies a verified update; returns false (and changes nothing) when it is not newer. */
  apply(update: UpdateMessage): boolean {
    if (update.revision <= this.revisionFloor) return false;
    this.revisionFloor = update.revision;
    this.permissionsByName = toPermissions(update);
    this.allowsByDigest = toAllows(update);
    this.snapshot = Object.freeze({
      revision: update.revision,
      permissions: Object.freeze(Object.fromEntries(this.permissionsByName)),
    });
    for (const listener of this.listeners) this.notify(listener);
    return true;
  }

  /**
   * Lowers the floor when the provider's own numbering went backwards (its database was reset),
   * so this instance does not ignore every update from then on. Keeps the current maps.
   */
  acceptRevisionsAfter(revision: number): void {
    if (revision < this.revisionFloor) this.revisionFloor = revision;
  }

  /** Forgets everything (deregistered): no calls out, none accepted in. */
  clear(): void {
    this.permissionsByName = new Map();
    this.allowsByDigest = new Map();
    this.snapshot = Object.freeze({ revision: this.revisionFloor, permissions: Object.freeze({}) });
  }

  view(): DiscoveryView {
    return this.snapshot;
  }

  revision(): number {
    return this.snapshot.revision;
  }

  permission(service: string): PeerPermission | undefined {
    return this.permissionsByName.get(service);
  }

  /** Next instance URL of `service`, round-robin over `hosts`. */
  pickHost(permission: PeerPermission, service: string): string {
    const count = permission.hosts.length;
    if (count <= 1) return permission.hosts[0] ?? permission.host;
    const next = ((this.cursors.get(service) ?? -1) + 1) % count;
    this.cursors.set(service, next);
    return permission.hosts[next]!;
  }

  /**
   * Checks an incoming bearer token against `allows`. The map is keyed by the token's SHA-256, so
   * the lookup's timing depends on a digest the caller cannot steer, and the final comparison is
   * constant-time. `ip` undefined skips the IP check (relaxed mode behind NAT).
   */
  authorize(token: string | undefined, ip: string | undefined, checkIp: boolean): AllowsVerdict {
    if (!token) return { ok: false, reason: 'missing_token' };
    const entry = this.allowsByDigest.get(digest(token));
    if (!entry || !timingSafeEqualString(entry.token, token)) return { ok: false, reason: 'unknown_token' };
    const callerIp = normalizeIp(ip);
    if (checkIp && (entry.ip === undefined || entry.ip !== callerIp))
      return { ok: false, reason: 'ip_mismatch' };
    return { ok: true, caller: { ip: entry.ip ?? callerIp ?? '', service: entry.service } };
  }

  onUpdate(listener: UpdateListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private notify(listener: UpdateListener): void {
    try {
      listener(this.snapshot);
    } catch (error) {
      this.onListenerError(error);
    }
  }
}

function toPermissions(update: UpdateMessage): Map<string, PeerPermission> {
  const result = new Map<string, PeerPermission>();
  for (const [name, entry] of Object.entries(update.permissions)) {
    const listed = update.hosts?.[name]?.filter((url) => typeof url === 'string') ?? [];
    const hosts = listed.length > 0 ? [...new Set(listed)] : [entry.host];
    result.set(name, Object.freeze({ host: entry.host, token: entry.token, hosts: Object.freeze(hosts) }));
  }
  return result;
}

function toAllows(update: UpdateMessage): Map<string, AllowEntry> {
  const callers = readCallers(update);
  const result = new Map<string, AllowEntry>();
  for (const [token, ip] of Object.entries(update.allows)) {
    result.set(digest(token), { token, ip: normalizeIp(ip), service: callers[token] });
  }
  return result;
}

/** Optional additive field `callers: {<token>: <service name>}`; anything malformed is ignored. */
function readCallers(update: UpdateMessage): Record<string, string | undefined> {
  const callers = (update as Record<string, unknown>)['callers'];
  if (typeof callers !== 'object' || callers === null || Array.isArray(callers)) return {};
  const result: Record<string, string> = {};
  for (const [token, name] of Object.entries(callers)) if (typeof name === 'string') result[token] = name;
  return result;
}

function digest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
