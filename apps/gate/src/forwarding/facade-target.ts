/** Injection token of `() => FacadeTarget`: where the facade is and which token it wants, now. */
export const FACADE_TARGET = Symbol('FACADE_TARGET');
