import { domainErrorFilter } from './domain-error.filter';

/**
 * Last resort for errors no app filter claimed (unknown routes, apps without a table): the same
 * answers as every app's filter, in problem JSON.
 */
export const ProblemJsonFilter = domainErrorFilter(undefined);
