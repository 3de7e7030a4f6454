import { Inject, Injectable } from '@nestjs/common';
import { PLATFORM_LOGGER } from '@gatehouse/platform';
import {
  describedMethods,
  mergeMethods,
  methodsOf,
  type OpenRpcDocument,
  type OpenRpcError,
  type OpenRpcMethod,
  openRpcDocument,
  RPC_DISCOVER,
} from '@gatehouse/protocol';
import type { Logger } from 'pino';
import { AnonymousMethods } from '../authorization/access-policy';
import { GATE_CONFIG, type GateConfig } from '../config';
import { ForwardingService } from '../forwarding/forwarding.service';
import { FORWARDING_ERRORS, GATE_AUTH_METHODS, gateCallErrors, GATE_NOTIFICATIONS } from './gate-methods';

/** How long the facade's description is reused; a failed fetch is retried after the shorter time. */
const FACADE_TTL_MS = 30_000;
const RETRY_AFTER_FAILURE_MS = 5_000;

/**
 * The gate's OpenRPC document (`rpc.discover`, `GET /openrpc.json`): its own methods, then the
 * methods the facade describes in its own `rpc.discover` answer, each with the errors the gate adds
 * to a forwarded call and whether an anonymous connection may call it. The facade's part is cached
 * (one fetch at a time); a facade that is down, or that does not implement `rpc.discover`, leaves
 * the gate's own methods, and the document says so in `x-facade`.
 */
@Injectable()
export class ApiDocument {
  private readonly own: OpenRpcMethod[];
  private readonly callErrors: OpenRpcError[];
  private readonly anonymous: AnonymousMethods;
  private facade: { methods: OpenRpcMethod[] | undefined; until: number } = { methods: undefined, until: 0 };
  private fetching: Promise<OpenRpcMethod[] | undefined> | undefined;

  constructor(
    @Inject(GATE_CONFIG) private readonly config: GateConfig,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    private readonly forwarding: ForwardingService,
  ) {
    this.callErrors = gateCallErrors();
    this.own = config.authEnabled
      ? describedMethods(GATE_AUTH_METHODS).map((m) => withErrors(m, this.callErrors))
      : [];
    this.anonymous = new AnonymousMethods(config.anonymousMethods);
  }

  async document(now = Date.now()): Promise<OpenRpcDocument> {
    const facadeMethods = now < this.facade.until ? this.facade.methods : await this.refresh(now);
    const forwarded = (facadeMethods ?? [])
      .filter((m) => !m.name.startsWith('rpc.'))
      .map((m) => ({
        ...withErrors(m, [...FORWARDING_ERRORS, ...this.callErrors]),
        'x-anonymous': this.allowsAnonymous(m.name),
      }));
    const document = openRpcDocument(
      {
        title: 'Gatehouse gate',
        version: '1.0.0',
        description:
          'JSON-RPC 2.0 over WebSocket. The gate answers auth.* and rpc.discover itself and forwards every other method ' +
          'to its facade; `x-anonymous` says whether a connection that has not authorized may call a method.',
      },
      mergeMethods(this.own, forwarded),
    );
    document['x-notifications'] = this.config.authEnabled ? GATE_NOTIFICATIONS : [];
    document['x-facade'] = facadeMethods === undefined ? 'unavailable' : 'described';
    return document;
  }

  private allowsAnonymous(method: string): boolean {
    return !this.config.authEnabled || this.anonymous.allows(method);
  }

  private refresh(now: number): Promise<OpenRpcMethod[] | undefined> {
    this.fetching ??= this.fetchFacade().then((methods) => {
      this.facade = { methods, until: now + (methods ? FACADE_TTL_MS : RETRY_AFTER_FAILURE_MS) };
      this.fetching = undefined;
      return methods;
    });
    return this.fetching;
  }

  private async fetchFacade(): Promise<OpenRpcMethod[] | undefined> {
    try {
      const answer = await this.forwarding.facade.call(RPC_DISCOVER, undefined);
      const methods = 'result' in answer ? methodsOf(answer.result) : undefined;
      if (!methods) this.logger.info('the facade does not describe its methods (rpc.discover)');
      return methods;
    } catch (error) {
      this.logger.warn({ err: error }, 'the facade could not be asked for its methods (rpc.discover)');
      return undefined;
    }
  }
}

function withErrors(method: OpenRpcMethod, extra: readonly OpenRpcError[]): OpenRpcMethod {
  const errors = [...(method.errors ?? [])];
  for (const error of extra) if (!errors.some((e) => e.code === error.code)) errors.push(error);
  return { ...method, errors };
}
