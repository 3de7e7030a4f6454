import { bundleGateClient, GATE_CLIENT_BUDGET_BYTES } from './gate-client-bundle.cjs';

/** A size budget, not a timing: the browser bundle of @gatehouse/gate-client, minified and gzipped. */
describe('gate-client bundle', () => {
  it('stays within 6 KB gzipped, as one ES module with no imports', async () => {
    const { code, gzipBytes } = await bundleGateClient();
    expect(GATE_CLIENT_BUDGET_BYTES).toBe(6 * 1024);
    expect(gzipBytes).toBeLessThanOrEqual(GATE_CLIENT_BUDGET_BYTES);
    expect(code).toMatch(/export\s*\{/);
    expect(code).not.toMatch(/\bimport\b|\brequire\(/);
  });
});
