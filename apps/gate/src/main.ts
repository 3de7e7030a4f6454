import { parseConfig, runMain, startHttpApp } from '@gatehouse/platform';
import { AppModule } from './app.module';
import { gateEnvSchema, toGateConfig } from './config';
import { connectorHttpOptions } from './connector/connector-http-options';

runMain('gate', async () => {
  const config = toGateConfig(parseConfig(gateEnvSchema));
  await startHttpApp(AppModule.register(config), {
    ...connectorHttpOptions(config),
    host: config.connector.host,
    port: config.connector.port,
  });
});
