import { parseConfig } from '@gatehouse/platform';
import { composeEnvironment, composeService, readComposeServices } from '@gatehouse/testing';
import { toAuthConfig } from './auth-config';
import { authEnvSchema } from './auth-env.schema';

// docker-compose.yml cannot run here (no Docker engine): its auth service must at least boot the
// configuration main.ts would build, listening where its healthcheck and published port look.
describe('the auth service of docker-compose.yml', () => {
  it('is a valid auth configuration, listening on the probed and published port', () => {
    const services = readComposeServices();
    const env = composeEnvironment('auth', services);
    const config = toAuthConfig(parseConfig(authEnvSchema, env));
    expect(config.port).toBe(Number(env['PORT_PROBE']));
    expect(composeService('auth', services).publishedPorts).toEqual([config.port]);
    expect(config.databaseUrl).toMatch(/@postgres:5432\//);
  });
});
