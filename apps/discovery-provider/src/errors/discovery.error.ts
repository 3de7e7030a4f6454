import { DomainError } from '@gatehouse/platform';
import { DiscoveryErrorCode } from './discovery-error-code';

/** The provider's one domain error; `DiscoveryErrorFilter` turns it into an HTTP answer. */
export class DiscoveryError extends DomainError<DiscoveryErrorCode> {
  static invalidRequest(description: string): DiscoveryError {
    return new DiscoveryError(DiscoveryErrorCode.InvalidRequest, description);
  }

  static hostRefused(description: string): DiscoveryError {
    return new DiscoveryError(DiscoveryErrorCode.HostRefused, description);
  }
}
