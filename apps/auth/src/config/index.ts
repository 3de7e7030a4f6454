export { authEnvSchema, type AuthEnv } from './auth-env.schema';
export { type AuthConfig, toAuthConfig, authConfigFrom, maxTokenLifetimeSec } from './auth-config';
export { AUTH_CONFIG } from './auth-config.token';
export { AuthConfigModule } from './auth-config.module';
