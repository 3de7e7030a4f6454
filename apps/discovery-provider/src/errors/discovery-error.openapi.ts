import { ApiProblems, problemSchema } from '@gatehouse/platform';
import { DiscoveryErrorCode } from './discovery-error-code';

/** Every failure's body: problem JSON with a stable `code`. */
export const discoveryErrorBodySchema = problemSchema(DiscoveryErrorCode);

/** The failures a provider route answers with, on the docs page. */
export const ApiDiscoveryErrors = (...statuses: number[]): MethodDecorator & ClassDecorator =>
  ApiProblems(discoveryErrorBodySchema, ...statuses);
