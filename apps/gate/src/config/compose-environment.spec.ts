import { parseConfig } from '@gatehouse/platform';
import { composeEnvironment, composeService, readComposeServices } from '@gatehouse/testing';
import { toGateConfig } from './gate-config';
import { gateEnvSchema } from './gate-env.schema';

// CI has no Docker engine (`npm run compose:check` runs the file for real where there is one): its
// gate service must at least boot the production configuration main.ts would build, with
// placeholders for the files the init and tokens steps write.
describe('the gate service of docker-compose.yml', () => {
  it('is a valid gate configuration: health on the connector, clients on the published port', () => {
    const services = readComposeServices();
    const env = composeEnvironment('gate', services);
    expect(env['NODE_ENV']).toBe('production');
    const config = toGateConfig(parseConfig(gateEnvSchema, env));
    // main.ts serves HTTP (health, connector) on the connector port; clients use the listener.
    expect(config.connector.port).toBe(Number(env['PORT_PROBE']));
    expect(composeService('gate', services).publishedPorts).toEqual([config.client.port]);
    expect(new URL(env['GATE_PUBLIC_URL']!).port).toBe(String(config.connector.port));
    expect(config.discovery).toEqual({
      configurationToken: expect.any(String),
      publicUrl: env['GATE_PUBLIC_URL'],
    });
  });
});
