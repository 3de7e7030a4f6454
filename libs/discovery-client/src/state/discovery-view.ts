/** Where and how this service may call one peer service. */
export interface PeerPermission {
  /** The URL the provider named in `permissions`. */
  readonly host: string;
  /** The pair token to present as `Authorization: Bearer`. */
  readonly token: string;
  /** Every live instance of the peer (the provider's optional `hosts`), else just `host`. */
  readonly hosts: readonly string[];
}

/** The last applied update, as the application sees it (tokens of `allows` are never exposed). */
export interface DiscoveryView {
  readonly revision: number;
  readonly permissions: Readonly<Record<string, PeerPermission>>;
}

/** Who an accepted incoming call came from. */
export interface DiscoveryCaller {
  /** Normalized IP the caller registered from. */
  readonly ip: string;
  /** The caller's service name when the provider sends it (additive `callers` field), else undefined. */
  readonly service: string | undefined;
}

export type AllowsVerdict =
  | { readonly ok: true; readonly caller: DiscoveryCaller }
  | { readonly ok: false; readonly reason: 'missing_token' | 'unknown_token' | 'ip_mismatch' };

export type UpdateListener = (view: DiscoveryView) => void;
