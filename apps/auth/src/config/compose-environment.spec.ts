import { randomBytes } from 'node:crypto';
import { parseConfig } from '@gatehouse/platform';
import { composeEnvironment, composeService, readComposeServices } from '@gatehouse/testing';
import { toAuthConfig } from './auth-config';
import { authEnvSchema } from './auth-env.schema';

// CI has no Docker engine (`npm run compose:check` runs the file for real where there is one): its
// auth service must at least boot the production configuration main.ts would build, with what the
// init step generates standing in for its secret files, where its healthcheck and port look.
describe('the auth service of docker-compose.yml', () => {
  it('is a valid production auth configuration, listening on the probed and published port', () => {
    const services = readComposeServices();
    const env = composeEnvironment('auth', services, {
      AUTH_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      DATABASE_URL: 'postgres://gatehouse_auth:generated@postgres:5432/gatehouse_auth',
    });
    expect(env['NODE_ENV']).toBe('production');
    const config = toAuthConfig(parseConfig(authEnvSchema, env));
    expect(config.port).toBe(Number(env['PORT_PROBE']));
    expect(composeService('auth', services).publishedPorts).toEqual([config.port]);
    expect(config.bootstrapMode).toBe('create');
  });
});
