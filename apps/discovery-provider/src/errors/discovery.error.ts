import { DiscoveryErrorCode } from './discovery-error-code';

/** The provider's one domain error; `DiscoveryErrorFilter` turns it into an HTTP answer. */
export class DiscoveryError extends Error {
  constructor(
    readonly code: DiscoveryErrorCode,
    readonly description: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${description}`, options);
    this.name = 'DiscoveryError';
  }

  static invalidRequest(description: string): DiscoveryError {
    return new DiscoveryError(DiscoveryErrorCode.InvalidRequest, description);
  }

  static hostRefused(description: string): DiscoveryError {
    return new DiscoveryError(DiscoveryErrorCode.HostRefused, description);
  }
}
