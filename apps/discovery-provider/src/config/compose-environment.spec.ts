import { parseConfig } from '@gatehouse/platform';
import { composeEnvironment, composeService, readComposeServices } from '@gatehouse/testing';
import { providerConfigSchema } from './provider-config';

// docker-compose.yml cannot run here (no Docker engine): its provider service must at least boot
// the configuration main.ts would build, listening where its healthcheck and published port look.
describe('the discovery-provider service of docker-compose.yml', () => {
  it('is a valid provider configuration, listening on the probed and published port', () => {
    const services = readComposeServices();
    const env = composeEnvironment('discovery-provider', services);
    const config = parseConfig(providerConfigSchema, env);
    expect(config.DISCOVERY_PORT).toBe(Number(env['PORT_PROBE']));
    expect(composeService('discovery-provider', services).publishedPorts).toEqual([config.DISCOVERY_PORT]);
    expect(new URL(config.DISCOVERY_PUBLIC_URL).port).toBe(String(config.DISCOVERY_PORT));
  });
});
