export { facadeEnvSchema, type FacadeEnv } from './facade-env.schema';
export { type FacadeConfig, toFacadeConfig, facadeConfigFrom } from './facade-config';
export { FACADE_CONFIG } from './facade-config.token';
export { FacadeConfigModule } from './facade-config.module';
