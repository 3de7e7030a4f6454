/** Stable reasons the client library refuses or fails; callers switch on `code`. */
export enum DiscoveryClientErrorCode {
  /** The service name is not in this service's configuration-token permissions. */
  NotPermitted = 'not_permitted',
  /** Permitted, but the provider has not pushed a live instance of it (yet). */
  NotRegistered = 'not_registered',
  /** The peer could not be reached, or the connection failed mid-call. */
  CallFailed = 'call_failed',
  /** The peer did not answer within the timeout. */
  Timeout = 'timeout',
  /** The peer answered, but not with a valid JSON-RPC response. */
  BadResponse = 'bad_response',
  /** The configuration token is not a readable JWT with the expected claims. */
  InvalidConfigurationToken = 'invalid_configuration_token',
  /** The options given to the module are invalid. */
  InvalidOptions = 'invalid_options',
}
