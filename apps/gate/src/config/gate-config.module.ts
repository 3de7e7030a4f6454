import { type DynamicModule, Module } from '@nestjs/common';
import type { GateConfig } from './gate-config';
import { GATE_CONFIG } from './gate-config.token';

/** Makes the validated `GateConfig` injectable everywhere (`@Inject(GATE_CONFIG)`). */
@Module({})
export class GateConfigModule {
  static forRoot(config: GateConfig): DynamicModule {
    return {
      module: GateConfigModule,
      global: true,
      providers: [{ provide: GATE_CONFIG, useValue: config }],
      exports: [GATE_CONFIG],
    };
  }
}
