/** Injection token of the `GateConfig` given to `AppModule.register`. */
export const GATE_CONFIG = Symbol('GATE_CONFIG');
