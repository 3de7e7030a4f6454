import { freePort, type InProcessApp, startAppInProcess } from '@gatehouse/testing';
import { AppModule } from '../../src/app.module';
import { facadeConfigFrom } from '../../src/config';
import { facadeHttpOptions } from '../../src/http-options';

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * The real facade in this process, as `main.ts` starts it, without discovery: guard disabled, no
 * re-registration, and a configuration token (unsigned: the facade only reads it) whose provider
 * is unreachable. `name` tells suites' tokens apart.
 */
export async function startStandaloneFacade(
  name: string,
  env: Record<string, string> = {},
): Promise<InProcessApp> {
  const port = await freePort();
  const claims = {
    name: 'facade',
    provider_host: 'http://127.0.0.1:9',
    permissions: ['gate'],
    iss: name,
    iat: Math.floor(Date.now() / 1000),
    jti: name,
  };
  const config = facadeConfigFrom({
    FACADE_HOST: '127.0.0.1',
    FACADE_PORT: String(port),
    FACADE_CONFIGURATION_TOKEN: `${b64({ alg: 'none' })}.${b64(claims)}.x`,
    FACADE_DISABLE_GUARD: 'true',
    FACADE_REREGISTER_AFTER_MS: '0',
    ...env,
  });
  const facade = await startAppInProcess(AppModule.forRoot(config), facadeHttpOptions, { port });
  return { ...facade, url: `${facade.url}/` };
}
