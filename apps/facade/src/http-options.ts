import { writeJsonRpcBodyError } from '@gatehouse/facade-kit';
import type { FastifyHttpAppOptions } from '@gatehouse/platform';

/**
 * How the facade serves HTTP, shared by `main.ts` and the test harness: fastify, like the other
 * apps; a body the parsers refuse still gets a JSON-RPC answer (-32700, or -32600 when too large).
 */
export const facadeHttpOptions: Omit<FastifyHttpAppOptions, 'host' | 'port'> = {
  name: 'facade',
  adapter: 'fastify',
  bodyLimit: '256kb',
  onBodyError: (_request, reply, status, detail) => writeJsonRpcBodyError(reply, status, detail),
};
