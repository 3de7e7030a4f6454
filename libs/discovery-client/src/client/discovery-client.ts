import { Inject, Injectable } from '@nestjs/common';
import type { Dispatcher } from 'undici';
import { DISCOVERY_CLIENT_OPTIONS, type ResolvedDiscoveryOptions } from '../discovery-client.options';
import { DISCOVERY_DISPATCHER, DISCOVERY_REGISTRATION, DISCOVERY_STATE } from '../discovery-client.tokens';
import { DiscoveryClientError, DiscoveryClientErrorCode } from '../errors/discovery-client.error';
import type { Registration } from '../provider/registration';
import type { DiscoveryState } from '../state/discovery-state';
import type { AllowsVerdict, DiscoveryView, PeerPermission, UpdateListener } from '../state/discovery-view';
import { jsonRpcRequest, jsonRpcResult } from './json-rpc-call';
import { callPeer } from './peer-caller';
import type { JsonRpcCallOptions, PeerRequestInit, PeerResponse } from './peer-response';

/** Calls permitted peers by service name with the right pair token, and reads the current view. */
@Injectable()
export class DiscoveryClient {
  constructor(
    @Inject(DISCOVERY_CLIENT_OPTIONS) private readonly options: ResolvedDiscoveryOptions,
    @Inject(DISCOVERY_STATE) private readonly state: DiscoveryState,
    @Inject(DISCOVERY_REGISTRATION) private readonly registration: Registration,
    @Inject(DISCOVERY_DISPATCHER) private readonly dispatcher: Dispatcher,
  ) {}

  /** HTTP call to `path` on an instance of `service` (round-robin over its instances). */
  async call(service: string, path: string, init: PeerRequestInit = {}): Promise<PeerResponse> {
    const { url, token } = this.target(service, path);
    return callPeer(this.dispatcher, url, token, init, this.options.timeoutMs);
  }

  /**
   * JSON-RPC 2.0 call; resolves with `result`, rejects with JsonRpcException for the peer's `error`
   * and DiscoveryClientError for everything else (not permitted, not registered, transport, timeout).
   */
  async jsonRpc<T = unknown>(
    service: string,
    method: string,
    params?: unknown,
    options: JsonRpcCallOptions = {},
  ): Promise<T> {
    const request = jsonRpcRequest(method, params);
    const response = await this.call(service, options.path ?? '/', {
      body: request,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    return jsonRpcResult<T>(response, request.id);
  }

  /** Peers this service may call right now, by name. */
  permissions(): Readonly<Record<string, PeerPermission>> {
    return this.state.view().permissions;
  }

  /** Revision of the last applied update; -1 before the first. */
  revision(): number {
    return this.state.revision();
  }

  view(): DiscoveryView {
    return this.state.view();
  }

  /** Called after every applied update; returns the unsubscribe function. */
  onUpdate(listener: UpdateListener): () => void {
    return this.state.onUpdate(listener);
  }

  /** The provider's id for this instance, once registered. */
  instanceId(): string | undefined {
    return this.registration.instanceId();
  }

  /** Resolves once this instance is registered (the first time). */
  whenRegistered(): Promise<void> {
    return this.registration.whenRegistered();
  }

  /**
   * The guard's check for transports that are not Nest HTTP routes (a raw ws or http server):
   * the `Authorization` header value and the peer's socket address.
   */
  authorize(authorization: string | string[] | undefined, remoteIp: string | undefined): AllowsVerdict {
    return this.state.authorize(bearerToken(authorization), remoteIp, !this.options.relaxIpCheck);
  }

  private target(service: string, path: string): { url: URL; token: string } {
    const permission = this.state.permission(service);
    if (!permission) {
      const code = this.options.claims.permissions.includes(service)
        ? DiscoveryClientErrorCode.NotRegistered
        : DiscoveryClientErrorCode.NotPermitted;
      const why =
        code === DiscoveryClientErrorCode.NotRegistered
          ? 'has no registered instance yet'
          : "is not in this service's permissions";
      throw new DiscoveryClientError(code, `service "${service}" ${why}`);
    }
    const base = this.state.pickHost(permission, service);
    return { url: joinUrl(base, path), token: permission.token };
  }
}

/** The token of `Authorization: Bearer <token>` (scheme case-insensitive), else undefined. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  return match?.[1];
}

/** `base` + `path`, keeping any path prefix of `base` (`http://x/api` + `/rpc` -> `/api/rpc`). */
function joinUrl(base: string, path: string): URL {
  const url = new URL(base);
  const prefix = url.pathname.replace(/\/+$/, '');
  const [pathname, query] = path.split('?', 2) as [string, string | undefined];
  const rest = pathname.replace(/^\/+/, '');
  url.pathname = rest === '' ? prefix || '/' : `${prefix}/${rest}`;
  url.search = query === undefined ? '' : `?${query}`;
  return url;
}
