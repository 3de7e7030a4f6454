export { DiscoveryErrorCode } from './discovery-error-code';
export { DiscoveryError } from './discovery.error';
export { statusOf } from './discovery-error-status';
export { discoveryErrors, DiscoveryErrorFilter } from './discovery-error.filter';
export { ApiDiscoveryErrors, discoveryErrorBodySchema } from './discovery-error.openapi';
