import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ACCOUNTS_OPTIONS, type AccountsModuleOptions } from '../accounts.options';
import { BootstrapService } from './bootstrap.service';

/**
 * Applies `AUTH_BOOTSTRAP_FILE` once the schema is migrated; a bad file stops the boot. It runs in
 * the init phase, before any service starts its timers in `onApplicationBootstrap`: Nest does not
 * destroy a half-started app, so a failure there would leave those timers running.
 */
@Injectable()
export class BootstrapRunner implements OnModuleInit {
  constructor(
    @Inject(ACCOUNTS_OPTIONS) private readonly options: AccountsModuleOptions,
    private readonly bootstrap: BootstrapService,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.options.bootstrapFile)
      await this.bootstrap.applyFile(this.options.bootstrapFile, this.options.bootstrapMode ?? 'create');
  }
}
