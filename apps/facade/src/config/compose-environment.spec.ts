import { parseConfig } from '@gatehouse/platform';
import { composeEnvironment } from '@gatehouse/testing';
import { facadeEnvSchema } from './facade-config';

// docker-compose.yml cannot run here (no Docker engine): its facade service must at least boot the
// configuration main.ts would build (with the token step's file standing in for its token).
describe('the facade service of docker-compose.yml', () => {
  it('is a valid facade configuration, listening on the probed port it announces', () => {
    const env = composeEnvironment('facade');
    const config = parseConfig(facadeEnvSchema, env);
    expect(config.port).toBe(Number(env['PORT_PROBE']));
    expect(new URL(config.publicUrl).port).toBe(String(config.port));
  });
});
