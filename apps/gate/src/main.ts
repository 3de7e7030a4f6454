import { loadConfig, startHttpApp } from '@gatehouse/platform';
import { AppModule } from './app.module';
import { gateEnvSchema, toGateConfig } from './config';
import { writeBodyError } from './connector/body-error';

async function main(): Promise<void> {
  const config = toGateConfig(loadConfig(gateEnvSchema));
  await startHttpApp(AppModule.register(config), {
    name: 'gate',
    host: config.connector.host,
    port: config.connector.port,
    bodyLimit: `${config.limits.maxMessageBytes * config.limits.maxBatch}b`,
    onBodyError: writeBodyError,
  });
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
