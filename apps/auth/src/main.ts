import { parseConfig, runMain, startHttpApp } from '@gatehouse/platform';
import { AppModule } from './app.module';
import { authEnvSchema, toAuthConfig } from './config';
import { authHttpOptions } from './http-options';

runMain('auth', async () => {
  const config = toAuthConfig(parseConfig(authEnvSchema));
  await startHttpApp(AppModule.register(config), {
    ...authHttpOptions(config),
    host: config.host,
    port: config.port,
  });
});
