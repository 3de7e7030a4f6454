import 'reflect-metadata';
import { parseConfig, runMain, startHttpApp } from '@gatehouse/platform';
import { AppModule } from './app.module';
import { facadeEnvSchema, toFacadeConfig } from './config';
import { facadeHttpOptions } from './http-options';

runMain('facade', async () => {
  const config = toFacadeConfig(parseConfig(facadeEnvSchema));
  await startHttpApp(AppModule.forRoot(config), {
    ...facadeHttpOptions,
    host: config.host,
    port: config.port,
    trustedProxies: config.trustedProxies,
  });
});
