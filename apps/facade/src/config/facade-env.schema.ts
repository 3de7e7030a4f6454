import { envBoolean, envMs, envPort, envTrustedProxies, envUrl } from '@gatehouse/platform';
import { z } from 'zod';

/** The facade's environment, validated once at boot (see README "Configuration"). */
export const facadeEnvSchema = z.object({
  FACADE_HOST: z.string().min(1).default('0.0.0.0'),
  FACADE_PORT: envPort(7300),
  /** URL the gate calls this facade at (registered as `host`). Default http://127.0.0.1:<port>. */
  FACADE_PUBLIC_URL: envUrl().optional(),
  /** URL the provider calls (confirm/update/ping). Default `<public url>/discovery`. */
  FACADE_GATE_HOST: envUrl().optional(),
  /** The configuration token issued for `facade` (permission `gate`). */
  FACADE_CONFIGURATION_TOKEN: z.string().min(1, 'the configuration token issued by the discovery provider'),
  /** Accept calls without a discovery pair token: local debugging only. */
  FACADE_DISABLE_GUARD: envBoolean(false),
  /** Accept pair tokens from any IP (callers behind NAT). */
  FACADE_RELAX_IP_CHECK: envBoolean(false),
  /** Reverse proxies whose X-Forwarded-For is believed (see `clientAddress`). */
  FACADE_TRUSTED_PROXIES: envTrustedProxies(),
  /**
   * Calls a second accepted from one caller (pair token); 0: no limit, the default. The gate is
   * the facade's caller and carries every client's calls, already rate-limited per connection there.
   */
  FACADE_CALLER_RATE_LIMIT: z.coerce.number().int().nonnegative().default(0),
  /** Re-register when the provider has been silent this long; 0 disables. */
  FACADE_REREGISTER_AFTER_MS: envMs(60_000, { min: 0 }),
  /** Also serve the JSON-RPC 2.0 spec's section 7 example methods (`subtract`, `sum`, ...). */
  FACADE_SPEC_EXAMPLES: envBoolean(false),
});

export type FacadeEnv = z.output<typeof facadeEnvSchema>;
