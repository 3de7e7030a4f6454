import { type DynamicModule, Module } from '@nestjs/common';
import type { ProviderConfig } from './provider-config';
import { PROVIDER_CONFIG } from './provider-config.token';

/** Makes the validated `ProviderConfig` injectable everywhere (`@Inject(PROVIDER_CONFIG)`). */
@Module({})
export class ProviderConfigModule {
  static forRoot(config: ProviderConfig): DynamicModule {
    return {
      module: ProviderConfigModule,
      global: true,
      providers: [{ provide: PROVIDER_CONFIG, useValue: config }],
      exports: [PROVIDER_CONFIG],
    };
  }
}
