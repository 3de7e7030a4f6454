import { type RevocationSnapshot, revocationSnapshotSchema } from '../schemas/revocation.schema';

/** The claims a revocation check reads. */
export interface RevocableClaims {
  jti?: string | undefined;
  sub: string;
  sub_type?: 'user' | 'client' | undefined;
}

/** What `AccessTokenVerifier` (and the gate) ask: is this token revoked? */
export interface RevocationCheck {
  isRevoked(claims: RevocableClaims): boolean;
}

/** Loads the current snapshot; `unchanged` when it is the one with `etag`. */
export type RevocationSource = (
  etag: string | undefined,
) => Promise<{ snapshot: RevocationSnapshot; etag: string | undefined } | 'unchanged'>;

export interface RevocationListOptions {
  source: RevocationSource;
  /** How often to reload; the staleness bound is this plus one load. */
  pollMs: number;
  /** Told of a failed load (the last snapshot stays in force). */
  onError?: (error: unknown) => void;
  /** Told after each load that changed the snapshot. */
  onChange?: () => void;
}

export const DEFAULT_REVOCATION_POLL_MS = 2000;

/**
 * Auth's revocation feed kept in memory and reloaded every `pollMs`, so a guard answers
 * `isRevoked` in O(1) without a call per request. Revoked `jti`s, disabled users and disabled
 * clients take effect here at most `pollMs` (plus one load) after auth records them. When auth is
 * unreachable the last snapshot stays in force and `onError` is told: revocation then waits for
 * auth, tokens still expire at their `exp`.
 */
export class RevocationList implements RevocationCheck {
  private jti = new Set<string>();
  private users = new Set<string>();
  private clients = new Set<string>();
  private etag: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private loading: Promise<void> | undefined;

  constructor(private readonly options: RevocationListOptions) {}

  /** Loads once (a failure is reported, not thrown), then every `pollMs` until `stop`. */
  async start(): Promise<void> {
    await this.refresh();
    this.timer ??= setInterval(() => void this.refresh(), this.options.pollMs).unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** As a Nest provider: starts with the app (not awaited, so boot never waits for auth). */
  onModuleInit(): void | Promise<void> {
    void this.start();
  }

  onModuleDestroy(): void {
    this.stop();
  }

  /** One load now (concurrent callers share it). */
  refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  isRevoked(claims: RevocableClaims): boolean {
    if (claims.jti !== undefined && this.jti.has(claims.jti)) return true;
    // A token without `sub_type` (issued before it existed) is checked against both lists.
    if (claims.sub_type !== 'client' && this.users.has(claims.sub)) return true;
    return claims.sub_type !== 'user' && this.clients.has(claims.sub);
  }

  /** Is this user disabled (for sessions that hold no token, such as challenge logins)? */
  isUserDisabled(user: string): boolean {
    return this.users.has(user);
  }

  private async load(): Promise<void> {
    try {
      const loaded = await this.options.source(this.etag);
      if (loaded === 'unchanged') return;
      const snapshot = revocationSnapshotSchema.parse(loaded.snapshot);
      this.jti = new Set(snapshot.jti);
      this.users = new Set(snapshot.users);
      this.clients = new Set(snapshot.clients);
      this.etag = loaded.etag;
      this.options.onChange?.();
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}

export interface HttpRevocationSourceOptions {
  /** Auth's feed, e.g. `http://auth:7100/oauth/revocations`. */
  url: string;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
}

/** Reads auth's feed over HTTP with the caller's client credentials (Basic) and `If-None-Match`. */
export function httpRevocationSource(options: HttpRevocationSourceOptions): RevocationSource {
  const form = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  const authorization = `Basic ${Buffer.from(`${form(options.clientId)}:${form(options.clientSecret)}`).toString('base64')}`;
  return async (etag) => {
    const response = await fetch(options.url, {
      headers: { authorization, accept: 'application/json', ...(etag ? { 'if-none-match': etag } : {}) },
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
    if (response.status === 304) return 'unchanged';
    if (!response.ok) throw new Error(`revocation feed answered ${response.status}`);
    return {
      snapshot: revocationSnapshotSchema.parse(await response.json()),
      etag: response.headers.get('etag') ?? undefined,
    };
  };
}
