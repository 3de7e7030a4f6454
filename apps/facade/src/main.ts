import 'reflect-metadata';
import { loadConfig, startHttpApp } from '@gatehouse/platform';
import { AppModule } from './app.module';
import { facadeEnvSchema } from './config/facade-config';
import { facadeHttpOptions } from './http-options';

async function main(): Promise<void> {
  const config = loadConfig(facadeEnvSchema);
  await startHttpApp(AppModule.forRoot(config), {
    ...facadeHttpOptions,
    host: config.host,
    port: config.port,
    trustedProxies: config.trustedProxies,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`facade failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
