import { domainErrorFilter, type ErrorTable } from '@gatehouse/platform';
import { DiscoveryError } from './discovery.error';
import { type DiscoveryErrorCode } from './discovery-error-code';
import { statusOf } from './discovery-error-status';

/** The provider's code table; the rest of the mapping is the platform's, shared by every app. */
export const discoveryErrors: ErrorTable<DiscoveryErrorCode> = { errorClass: DiscoveryError, statusOf };

/** The provider's failures as RFC 9457 problem JSON, `code` one of `DiscoveryErrorCode`. */
export const DiscoveryErrorFilter = domainErrorFilter(discoveryErrors);
