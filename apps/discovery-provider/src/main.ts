import 'reflect-metadata';
import { parseConfig, runMain, startHttpApp } from '@gatehouse/platform';
import { AppModule } from './app.module';
import { providerConfigSchema } from './config/provider-config';
import { providerHttpOptions } from './http-options';

runMain('discovery-provider', async () => {
  const config = parseConfig(providerConfigSchema);
  await startHttpApp(AppModule.forRoot(config), {
    ...providerHttpOptions,
    host: config.DISCOVERY_HOST,
    port: config.DISCOVERY_PORT,
  });
});
