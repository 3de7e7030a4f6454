import type { HttpAppOptions } from '@gatehouse/platform';

/** Settings shared by `main.ts` and tests that build the app themselves. */
export const providerHttpOptions: Omit<HttpAppOptions, 'host' | 'port'> = {
  name: 'discovery-provider',
  bodyLimit: '64kb',
  docs: {
    title: 'Gatehouse discovery provider',
    description: 'Configuration tokens, registration, pushes, explorer',
  },
};
