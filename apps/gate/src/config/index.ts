export { gateEnvSchema, type GateEnv } from './gate-env.schema';
export { type GateConfig, toGateConfig, gateConfigFrom } from './gate-config';
export { GATE_CONFIG } from './gate-config.token';
export { GateConfigModule } from './gate-config.module';
