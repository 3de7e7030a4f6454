import 'reflect-metadata';
import { parseConfig, runMain, startHttpApp } from '@gatehouse/platform';
import { AppModule } from './app.module';
import { providerEnvSchema, toProviderConfig } from './config';
import { providerHttpOptions } from './http-options';

runMain('discovery-provider', async () => {
  const config = toProviderConfig(parseConfig(providerEnvSchema));
  await startHttpApp(AppModule.forRoot(config), {
    ...providerHttpOptions(config),
    host: config.host,
    port: config.port,
  });
});
