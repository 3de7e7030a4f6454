export { providerEnvSchema, type ProviderEnv } from './provider-env.schema';
export { type ProviderConfig, toProviderConfig, providerConfigFrom } from './provider-config';
export { PROVIDER_CONFIG } from './provider-config.token';
export { ProviderConfigModule } from './provider-config.module';
