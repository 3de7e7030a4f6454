import { type DynamicModule, Module } from '@nestjs/common';
import type { FacadeConfig } from './facade-config';
import { FACADE_CONFIG } from './facade-config.token';

/** Makes the validated `FacadeConfig` injectable everywhere (`@Inject(FACADE_CONFIG)`). */
@Module({})
export class FacadeConfigModule {
  static forRoot(config: FacadeConfig): DynamicModule {
    return {
      module: FacadeConfigModule,
      global: true,
      providers: [{ provide: FACADE_CONFIG, useValue: config }],
      exports: [FACADE_CONFIG],
    };
  }
}
