import { DiscoveryErrorCode } from './discovery-error-code';

/** HTTP status of each code; the switch is exhaustive by lint. */
export function statusOf(code: DiscoveryErrorCode): number {
  switch (code) {
    case DiscoveryErrorCode.InvalidRequest:
      return 400;
    case DiscoveryErrorCode.InvalidServiceToken:
    case DiscoveryErrorCode.InvalidConfigurationToken:
    case DiscoveryErrorCode.ConfigurationTokenRevoked:
    case DiscoveryErrorCode.ConfigurationTokenExpired:
    case DiscoveryErrorCode.Unauthorized:
      return 401;
    case DiscoveryErrorCode.HostRefused:
    case DiscoveryErrorCode.Forbidden:
      return 403;
    case DiscoveryErrorCode.NotFound:
    case DiscoveryErrorCode.NotRegistered:
      return 404;
    case DiscoveryErrorCode.PayloadTooLarge:
      return 413;
    case DiscoveryErrorCode.ConfirmFailed:
      return 502;
    case DiscoveryErrorCode.TemporarilyUnavailable:
      return 503;
    case DiscoveryErrorCode.ConfirmTimeout:
      return 504;
  }
}
