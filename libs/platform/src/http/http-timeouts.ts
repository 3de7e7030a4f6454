import type { Server } from 'node:http';
import { opsSettings } from '../ops/ops-settings';

/** How often node looks for requests over their timeouts (its own default is 30 s). */
const MAX_CHECK_INTERVAL_MS = 1_000;

/**
 * Header and request timeouts for one HTTP listener, the same on every app (auth, provider, gate's
 * connector and client listener, facade): without them a client that trickles its headers or body
 * (slowloris) holds a socket for node's defaults, 60 s and 5 min. Set before `listen`, because node
 * starts its checking timer when the server starts listening.
 */
export function applyHttpTimeouts(server: Server, settings = opsSettings()): void {
  server.headersTimeout = settings.httpHeadersTimeoutMs;
  server.requestTimeout = settings.httpRequestTimeoutMs;
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(
    MAX_CHECK_INTERVAL_MS,
    settings.httpHeadersTimeoutMs,
  );
}
