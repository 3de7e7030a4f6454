import 'reflect-metadata';
import { loadConfig, startHttpApp } from '@gatehouse/platform';
import { AppModule } from './app.module';
import { providerConfigSchema } from './config/provider-config';
import { providerHttpOptions } from './http-options';

async function main(): Promise<void> {
  const config = loadConfig(providerConfigSchema);
  await startHttpApp(AppModule.forRoot(config), {
    ...providerHttpOptions,
    host: config.DISCOVERY_HOST,
    port: config.DISCOVERY_PORT,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`discovery-provider failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
