import type { HttpAppOptions } from '@gatehouse/platform';
import type { GateConfig } from '../config';
import { writeBodyError } from './body-error';
import { ConnectorAuthGuard } from './connector-auth.guard';
import { connectorFastPath } from './connector-fast-path';
import { ConnectorService } from './connector.service';

/**
 * The connector's HTTP settings, shared by `main.ts` and the test harness. The caller is
 * authenticated before its body is read, and the body limit is one transfer: an unauthenticated
 * caller cannot make the gate read or parse megabytes.
 */
export function connectorHttpOptions(config: GateConfig): Omit<HttpAppOptions, 'host' | 'port'> {
  return {
    name: 'gate',
    bodyLimit: `${config.limits.maxTransferBytes}b`,
    onBodyError: writeBodyError,
    authenticateBeforeBody: (app) => {
      const guard = app.get(ConnectorAuthGuard);
      // Only POST carries a body; the GET routes (health, metrics, stats, openrpc.json) keep their own guards.
      return (req) => {
        if (req.method === 'POST') guard.check(req);
      };
    },
    serveBeforeParsers: (app) => connectorFastPath(config, app.get(ConnectorService)),
  };
}
