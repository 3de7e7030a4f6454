// DI tokens of the module's plain (framework-free) parts.
export const DISCOVERY_STATE = Symbol('DISCOVERY_STATE');
export const DISCOVERY_REGISTRATION = Symbol('DISCOVERY_REGISTRATION');
export const DISCOVERY_GATE_ENDPOINT = Symbol('DISCOVERY_GATE_ENDPOINT');
export const DISCOVERY_DISPATCHER = Symbol('DISCOVERY_DISPATCHER');
