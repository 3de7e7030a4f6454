import type { Server } from 'node:http';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { firstValueFrom } from 'rxjs';
import type { Dispatcher } from 'undici';
import { DISCOVERY_CLIENT_OPTIONS, type ResolvedDiscoveryOptions } from './discovery-client.options';
import {
  DISCOVERY_DISPATCHER,
  DISCOVERY_GATE_ENDPOINT,
  DISCOVERY_REGISTRATION,
} from './discovery-client.tokens';
import { DiscoveryClientError, DiscoveryClientErrorCode } from './errors/discovery-client.error';
import type { GateEndpoint } from './gate/gate-endpoint';
import {
  closeGateListener,
  type FastifyHooks,
  gateMiddleware,
  mountOnFastify,
  startGateListener,
} from './gate/gate-listener';
import type { Registration } from './provider/registration';

/**
 * Wires the framework-free parts into the Nest lifecycle: serves the gate endpoint (a route of the
 * host app, or its own listener), registers once the endpoint is reachable, deregisters on shutdown.
 */
@Injectable()
export class DiscoveryLifecycle
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('DiscoveryClient');
  private mounted = false;
  private listener: Server | undefined;

  constructor(
    @Inject(DISCOVERY_CLIENT_OPTIONS) private readonly options: ResolvedDiscoveryOptions,
    @Inject(DISCOVERY_GATE_ENDPOINT) private readonly endpoint: GateEndpoint,
    @Inject(DISCOVERY_REGISTRATION) private readonly registration: Registration,
    @Inject(DISCOVERY_DISPATCHER) private readonly dispatcher: Dispatcher,
    @Optional() private readonly adapterHost?: HttpAdapterHost,
  ) {
    // Mounting now, while the app is being created, puts the route ahead of the body parsers the
    // app adds before init, so the endpoint reads the exact bytes the signature covers.
    if (!options.listen && this.adapterHost?.httpAdapter) this.mount();
  }

  async onModuleInit(): Promise<void> {
    if (this.options.listen) {
      const { host, port } = this.options.listen;
      this.listener = await startGateListener(this.endpoint, this.options.gatePath, host, port);
      this.logger.log(
        `discovery gate endpoint listening on ${host}:${this.listenPort()}${this.options.gatePath}`,
      );
    } else if (!this.mounted) {
      this.mount();
    }
  }

  onApplicationBootstrap(): void {
    if (this.options.autoRegister) this.registration.start(this.reachable());
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.registration.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.listener) await closeGateListener(this.listener);
    await this.dispatcher.close().catch(() => undefined);
  }

  /** Port the separate listener is bound to (useful with port 0), else undefined. */
  listenPort(): number | undefined {
    const address = this.listener?.address();
    return typeof address === 'object' && address !== null ? address.port : undefined;
  }

  /** Express or fastify: either way the endpoint sees the request before any body parser. */
  private mount(): void {
    const adapter = this.adapterHost?.httpAdapter;
    const type = adapter?.getType();
    if (adapter && type === 'express') {
      adapter.use(gateMiddleware(this.endpoint, this.options.gatePath));
    } else if (adapter && type === 'fastify') {
      mountOnFastify(adapter.getInstance<FastifyHooks>(), this.endpoint, this.options.gatePath);
    } else {
      throw new DiscoveryClientError(
        DiscoveryClientErrorCode.InvalidOptions,
        'the discovery gate endpoint needs an Express or Fastify HTTP app; otherwise give the `listen` option',
      );
    }
    this.mounted = true;
  }

  /** The provider calls back during registration: wait until the host app accepts connections. */
  private async reachable(): Promise<void> {
    const host = this.adapterHost;
    if (this.options.listen || !host || host.listening) return;
    await firstValueFrom(host.listen$, { defaultValue: undefined }).catch(() => undefined);
  }
}
