/** Injection token of the `FacadeConfig` given to `AppModule.forRoot`. */
export const FACADE_CONFIG = Symbol('FACADE_CONFIG');
