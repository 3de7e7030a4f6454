// Kept free of imports: the operator CLI checks the same bound before it sends anything, and loads
// nothing of the app to do so.

/** Longest lifetime of a configuration token, in seconds (ten years). */
export const MAX_CONFIGURATION_TOKEN_TTL_SEC = 10 * 365 * 24 * 3600;
