import { Inject, Injectable } from '@nestjs/common';
import { ACCOUNTS_OPTIONS, type AccountsModuleOptions } from '../accounts.options';

export const DEFAULT_GATE_CLIENTS = ['gate'];

/** The clients (`AUTH_GATE_CLIENTS`) whose word on the end client's address auth believes. */
@Injectable()
export class GateClients {
  private readonly ids: ReadonlySet<string>;

  constructor(@Inject(ACCOUNTS_OPTIONS) options: AccountsModuleOptions) {
    this.ids = new Set(options.gateClients ?? DEFAULT_GATE_CLIENTS);
  }

  has(clientId: string): boolean {
    return this.ids.has(clientId);
  }
}
