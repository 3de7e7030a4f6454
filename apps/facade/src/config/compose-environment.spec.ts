import { parseConfig } from '@gatehouse/platform';
import { composeEnvironment } from '@gatehouse/testing';
import { toFacadeConfig } from './facade-config';
import { facadeEnvSchema } from './facade-env.schema';

// CI has no Docker engine (`npm run compose:check` runs the file for real where there is one): its
// facade service must at least boot the configuration main.ts would build, with a placeholder for
// the token the tokens step writes.
describe('the facade service of docker-compose.yml', () => {
  it('is a valid facade configuration, listening on the probed port it announces', () => {
    const env = composeEnvironment('facade');
    const config = toFacadeConfig(parseConfig(facadeEnvSchema, env));
    expect(config.port).toBe(Number(env['PORT_PROBE']));
    expect(new URL(config.publicUrl).port).toBe(String(config.port));
  });
});
