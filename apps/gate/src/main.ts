import { parseConfig, runMain, startHttpApp } from '@gatehouse/platform';
import { AppModule } from './app.module';
import { gateEnvSchema, toGateConfig } from './config';
import { writeBodyError } from './connector/body-error';

runMain('gate', async () => {
  const config = toGateConfig(parseConfig(gateEnvSchema));
  await startHttpApp(AppModule.register(config), {
    name: 'gate',
    host: config.connector.host,
    port: config.connector.port,
    bodyLimit: `${config.limits.maxMessageBytes * config.limits.maxBatch}b`,
    onBodyError: writeBodyError,
  });
});
