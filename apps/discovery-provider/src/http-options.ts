import type { HttpAppOptions } from '@gatehouse/platform';
import type { Response } from 'express';
import { DiscoveryErrorCode } from './errors';

/** Settings shared by `main.ts` and tests that build the app themselves. */
export const providerHttpOptions: Omit<HttpAppOptions, 'host' | 'port'> = {
  name: 'discovery-provider',
  bodyLimit: '64kb',
  docs: {
    title: 'Gatehouse discovery provider',
    description: 'Configuration tokens, registration, pushes, explorer',
  },
  // Refused bodies get the provider's own `{error, message}` shape like every other failure.
  onBodyError: (_req, res: Response, status, detail) => {
    const error = status === 413 ? DiscoveryErrorCode.PayloadTooLarge : DiscoveryErrorCode.InvalidRequest;
    res.status(status).setHeader('Cache-Control', 'no-store').json({ error, message: detail });
  },
};
