import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ACCOUNTS_OPTIONS, type AccountsModuleOptions } from '../accounts.options';
import { BootstrapService } from './bootstrap.service';

/** Applies `AUTH_BOOTSTRAP_FILE` once the schema is migrated; a bad file stops the boot. */
@Injectable()
export class BootstrapRunner implements OnApplicationBootstrap {
  constructor(
    @Inject(ACCOUNTS_OPTIONS) private readonly options: AccountsModuleOptions,
    private readonly bootstrap: BootstrapService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.bootstrapFile) await this.bootstrap.applyFile(this.options.bootstrapFile);
  }
}
