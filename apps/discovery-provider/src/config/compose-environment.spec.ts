import { randomBytes } from 'node:crypto';
import { parseConfig } from '@gatehouse/platform';
import { composeEnvironment, composeService, readComposeServices } from '@gatehouse/testing';
import { toProviderConfig } from './provider-config';
import { providerEnvSchema } from './provider-env.schema';

// CI has no Docker engine (`npm run compose:check` runs the file for real where there is one): its
// provider service must at least boot the production configuration main.ts would build, with what
// the init step generates standing in for its secret files.
describe('the discovery-provider service of docker-compose.yml', () => {
  it('is a valid production provider configuration, listening on the probed and published port', () => {
    const services = readComposeServices();
    const env = composeEnvironment('discovery-provider', services, {
      DISCOVERY_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      DATABASE_URL: 'postgres://gatehouse_discovery:generated@postgres:5432/gatehouse_discovery',
    });
    expect(env['NODE_ENV']).toBe('production');
    const config = toProviderConfig(parseConfig(providerEnvSchema, env));
    expect(config.port).toBe(Number(env['PORT_PROBE']));
    expect(composeService('discovery-provider', services).publishedPorts).toEqual([config.port]);
    expect(new URL(config.publicUrl).port).toBe(String(config.port));
  });
});
