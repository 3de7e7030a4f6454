import { loadConfig, startHttpApp } from '@gatehouse/platform';
import { AppModule } from './app.module';
import { authEnvSchema, toAuthConfig } from './config';
import { authHttpOptions } from './http-options';

async function main(): Promise<void> {
  const config = toAuthConfig(loadConfig(authEnvSchema));
  await startHttpApp(AppModule.register(config), { ...authHttpOptions(config), host: config.host, port: config.port });
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
