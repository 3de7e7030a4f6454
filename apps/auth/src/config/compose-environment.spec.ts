import { parseConfig } from '@gatehouse/platform';
import { composeEnvironment, readComposeServices } from '@gatehouse/testing';
import { toAuthConfig } from './auth-config';
import { authEnvSchema } from './auth-env.schema';

// docker-compose.yml cannot run here (no Docker engine): its auth service must at least boot the
// configuration main.ts would build, listening where its healthcheck and published port look.
describe('the auth service of docker-compose.yml', () => {
  it('is a valid auth configuration, listening on the probed and published port', () => {
    const env = composeEnvironment('auth');
    const config = toAuthConfig(parseConfig(authEnvSchema, env));
    expect(config.port).toBe(Number(env['PORT_PROBE']));
    expect(readComposeServices().get('auth')?.publishedPorts).toEqual([config.port]);
    expect(config.databaseUrl).toMatch(/@postgres:5432\//);
  });
});
