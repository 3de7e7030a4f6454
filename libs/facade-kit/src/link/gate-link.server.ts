import type { Server } from 'node:http';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FACADE_KIT_OPTIONS, type FacadeKitOptions } from '../facade-kit.options';
import { GateOnlyGuard } from '../guard/gate-only.guard';
import { JsonRpcDispatcher } from '../rpc/json-rpc-dispatcher';
import { attachGateLink } from './gate-link';

/**
 * Offers the gate its persistent link (`attachGateLink`) on the app's own port and path, with the
 * same guard and dispatcher as `POST /`; `gateLink: false` leaves the facade HTTP-only.
 */
@Injectable()
export class GateLinkServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private link: { close(): void } | undefined;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly guard: GateOnlyGuard,
    private readonly dispatcher: JsonRpcDispatcher,
    @Inject(FACADE_KIT_OPTIONS) private readonly options: FacadeKitOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.gateLink === false) return;
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) return;
    this.link = attachGateLink(server, {
      authenticate: (request) => this.guard.check(request),
      handle: (message) => this.dispatcher.handle(message),
    });
  }

  onApplicationShutdown(): void {
    this.link?.close();
  }
}
