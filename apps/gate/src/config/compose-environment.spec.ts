import { parseConfig } from '@gatehouse/platform';
import { composeEnvironment, composeService, readComposeServices } from '@gatehouse/testing';
import { toGateConfig } from './gate-config';
import { gateEnvSchema } from './gate-env.schema';

// docker-compose.yml cannot run here (no Docker engine): its gate service must at least boot the
// configuration main.ts would build (with the token step's file standing in for its token).
describe('the gate service of docker-compose.yml', () => {
  it('is a valid gate configuration: health on the connector, clients on the published port', () => {
    const services = readComposeServices();
    const env = composeEnvironment('gate', services);
    const config = toGateConfig(parseConfig(gateEnvSchema, env));
    // main.ts serves HTTP (health, connector) on the connector port; clients use the listener.
    expect(config.connector.port).toBe(Number(env['PORT_PROBE']));
    expect(composeService('gate', services).publishedPorts).toEqual([config.client.port]);
    expect(new URL(env['GATE_PUBLIC_URL']!).port).toBe(String(config.connector.port));
    expect(config.discovery).toEqual({ configurationToken: expect.any(String), publicUrl: env['GATE_PUBLIC_URL'] });
  });
});
