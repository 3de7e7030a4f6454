import { randomBytes } from 'node:crypto';
import { parseConfig } from '@gatehouse/platform';
import { composeEnvironment, composeService, readComposeServices } from '@gatehouse/testing';
import { providerConfigSchema } from './provider-config';

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
    const config = parseConfig(providerConfigSchema, env);
    expect(config.DISCOVERY_PORT).toBe(Number(env['PORT_PROBE']));
    expect(composeService('discovery-provider', services).publishedPorts).toEqual([config.DISCOVERY_PORT]);
    expect(new URL(config.DISCOVERY_PUBLIC_URL).port).toBe(String(config.DISCOVERY_PORT));
  });
});
