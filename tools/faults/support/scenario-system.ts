import { type GatehouseSystem, startSystem, type SystemOptions } from '@gatehouse/testing';
import { writeLogs } from './figures';

/**
 * The whole system for one scenario's `describe`: started before its tests, logs written (with
 * FAULTS_LOGS) and stopped after them. Call the returned function inside a test.
 */
export function scenarioSystem(
  scenario: string,
  options: Omit<SystemOptions, 'name'> = {},
): () => GatehouseSystem {
  let system: GatehouseSystem | undefined;
  beforeAll(async () => {
    system = await startSystem({ name: `faults_${scenario.replace(/-/g, '_')}`, ...options });
  }, 180_000);
  afterAll(async () => {
    if (system) writeLogs(scenario, { ...system });
    await system?.stop();
  }, 120_000);
  return () => {
    if (!system) throw new Error(`the system of ${scenario} did not start`);
    return system;
  };
}
