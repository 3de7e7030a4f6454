import { DiscoveryClientErrorCode } from './discovery-client-error-code';

/** The library's one error type; `status` is the peer's HTTP status when there was an answer. */
export class DiscoveryClientError extends Error {
  readonly status: number | undefined;

  constructor(
    readonly code: DiscoveryClientErrorCode,
    message: string,
    options: { cause?: unknown; status?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DiscoveryClientError';
    this.status = options.status;
  }
}

export { DiscoveryClientErrorCode };
