/** The gate-client bundle, minified, and its size raw and gzipped. */
export function bundleGateClient(): Promise<{ code: string; bytes: number; gzipBytes: number }>;
export const GATE_CLIENT_BUDGET_BYTES: number;
/** Writes the bundle and the web example under dist/, and prints the bundle's size. */
export function buildBrowserBundles(): Promise<void>;
