import { parseConfig } from '@gatehouse/platform';
import { type FacadeEnv, facadeEnvSchema } from './facade-env.schema';

/** Typed settings of the example facade; tests build it with `facadeConfigFrom({...})`. */
export interface FacadeConfig {
  host: string;
  port: number;
  /** Registered as `host`: where the gate calls. No trailing slash. */
  publicUrl: string;
  /** Registered as `gate_host`: where the provider calls. */
  gateHost: string;
  configurationToken: string;
  guardDisabled: boolean;
  relaxIpCheck: boolean;
  trustedProxies: string[];
  /** 0: no limit. */
  callerRateLimit: number;
  /** 0: never re-register on silence. */
  reRegisterAfterMs: number;
  specExamples: boolean;
}

export function toFacadeConfig(env: FacadeEnv): FacadeConfig {
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
}

/** Parses an environment-like record; throws a `ConfigError` on bad input. */
export function facadeConfigFrom(env: Record<string, string | undefined>): FacadeConfig {
  return toFacadeConfig(parseConfig(facadeEnvSchema, env));
}
