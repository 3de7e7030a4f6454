import { applyDecorators } from '@nestjs/common';
import { ApiZodResponse } from '@gatehouse/platform';
import { z } from 'zod';
import { DiscoveryErrorCode } from './discovery-error-code';

/** Every failure's body: a stable code and a sentence. */
export const discoveryErrorBodySchema = z.object({ error: z.enum(DiscoveryErrorCode), message: z.string() });

/** The failures a provider route answers with, on the docs page. */
export const ApiDiscoveryErrors = (...statuses: number[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiZodResponse(status, discoveryErrorBodySchema, 'an error: {error, message}'),
    ),
  );
