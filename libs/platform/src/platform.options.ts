export interface PlatformOptions {
  /** Service name, in logs and metrics. */
  service: string;
  /** Whether readiness includes a database ping. */
  database: boolean;
}

export const PLATFORM_OPTIONS = Symbol('PLATFORM_OPTIONS');
export const PLATFORM_LOGGER = Symbol('PLATFORM_LOGGER');

/** The app's `OpsSettings` (see ops-settings.ts). */
export const PLATFORM_OPS = Symbol('PLATFORM_OPS');
