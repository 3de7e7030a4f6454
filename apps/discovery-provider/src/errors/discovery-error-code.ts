/** Every failure the provider reports, as the stable `error` field of its JSON error body. */
export enum DiscoveryErrorCode {
  InvalidRequest = 'invalid_request',
  PayloadTooLarge = 'payload_too_large',
  InvalidServiceToken = 'invalid_service_token',
  InvalidConfigurationToken = 'invalid_configuration_token',
  ConfigurationTokenRevoked = 'configuration_token_revoked',
  ConfigurationTokenExpired = 'configuration_token_expired',
  HostRefused = 'host_refused',
  ConfirmFailed = 'confirm_failed',
  ConfirmTimeout = 'confirm_timeout',
  NotRegistered = 'not_registered',
  Unauthorized = 'unauthorized',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  TemporarilyUnavailable = 'temporarily_unavailable',
}
