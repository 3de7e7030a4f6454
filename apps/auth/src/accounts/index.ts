/*
 * Accounts: users, clients, bootstrap file, admin API (/admin/users, /admin/clients), the gate's
 * challenge check (POST /challenge/verify) and sign-in throttling.
 *
 * For auth-core:
 * - Migrations (list in the app's migrations array): `Accounts1763910000000`
 *   (also exported as `accountsMigrations`); entities: `accountsEntities`.
 * - Import `AccountsModule.register({ bootstrapFile: config.bootstrapFile, throttle })`.
 *   `throttle` is optional (defaults in `defaultThrottleSettings`); suggested env names:
 *   AUTH_THROTTLE_IP_LIMIT, AUTH_THROTTLE_IP_WINDOW_MS, AUTH_THROTTLE_IP_BLOCK_MS,
 *   AUTH_THROTTLE_FREE_FAILURES, AUTH_THROTTLE_BASE_DELAY_MS, AUTH_THROTTLE_MAX_DELAY_MS.
 * - Sign-in routes: put `@SignInLimited()` on the handler (per-address failure limit, see
 *   `SignInLimits`); the per-client quota and per-identity-and-address backoff are inside
 *   `authenticateClient` / `verifyUserPassword` (they throw `too_many_requests` + Retry-After).
 * - Refresh grant: re-check the user and the client and refuse `disabled` ones (disabling does
 *   not revoke refresh families by itself). The refresh grant reads the user inside its rotating
 *   statement; the client comes from `authenticateClient`, which may answer from the
 *   `ClientAuthCache` for up to AUTH_CLIENT_CACHE_TTL_MS (default 5 s) after a change made on
 *   another replica (changes through this replica drop the entry at once).
 */
export { AccountsModule } from './accounts.module';
export {
  type AccountsModuleOptions,
  type ThrottleSettings,
  defaultThrottleSettings,
} from './accounts.options';
export { AccountsService } from './accounts.service';
export type { AuthenticatedClient, AuthenticatedUser, ClientView, UserView } from './accounts.types';
export { BootstrapService, type BootstrapMode, type BootstrapResult } from './bootstrap/bootstrap.service';
export { BootstrapFileError, parseBootstrapFile } from './bootstrap/bootstrap-file';
export { parseBasicCredentials, type BasicCredentials } from './client-auth/basic-credentials';
export { countSignInFailure, SignInLimited, signInAddress } from './throttling/sign-in-limits.interceptor';
export { SignInLimits } from './throttling/sign-in-limits';
export { accountsEntities } from '../database/entities';
export { accountsMigrations, Accounts1763910000000 } from './migrations';
