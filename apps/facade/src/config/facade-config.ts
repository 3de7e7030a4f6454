import { envBoolean, envList, envPort, envUrl } from '@gatehouse/platform';
import { z } from 'zod';

/** The facade's environment, validated once at boot. */
export const facadeEnvSchema = z
  .object({
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
    /** Reverse proxies whose X-Forwarded-For is believed (addresses or CIDRs). */
    FACADE_TRUSTED_PROXIES: envList(),
    /**
     * Calls a second accepted from one caller (pair token); 0: no limit, the default. The gate is
     * the facade's caller and carries every client's calls, already rate-limited per connection there.
     */
    FACADE_CALLER_RATE_LIMIT: z.coerce.number().int().nonnegative().default(0),
    /** Re-register when the provider has been silent this long (ms); 0 disables. */
    FACADE_REREGISTER_AFTER_MS: z.coerce.number().int().nonnegative().default(60_000),
    /** Also serve the JSON-RPC 2.0 spec's section 7 example methods (`subtract`, `sum`, ...). */
    FACADE_SPEC_EXAMPLES: envBoolean(false),
  })
  .transform((env) => {
    const publicUrl = (env.FACADE_PUBLIC_URL ?? `http://127.0.0.1:${env.FACADE_PORT}`).replace(/\/+$/, '');
    return {
      host: env.FACADE_HOST,
      port: env.FACADE_PORT,
      publicUrl,
      gateHost: env.FACADE_GATE_HOST ?? `${publicUrl}/discovery`,
      configurationToken: env.FACADE_CONFIGURATION_TOKEN,
      guardDisabled: env.FACADE_DISABLE_GUARD,
      relaxIpCheck: env.FACADE_RELAX_IP_CHECK,
      trustedProxies: env.FACADE_TRUSTED_PROXIES,
      callerRateLimit: env.FACADE_CALLER_RATE_LIMIT,
      reRegisterAfterMs: env.FACADE_REREGISTER_AFTER_MS,
      specExamples: env.FACADE_SPEC_EXAMPLES,
    };
  });

export type FacadeConfig = z.infer<typeof facadeEnvSchema>;
