import { freePort } from './free-port';
import { type AppProcess, startAppProcess } from './app-process';

export interface GateProcess {
  process: AppProcess;
  /** The client WebSocket listener. */
  wsUrl: string;
  /** The connector (HTTP: health, `transfer`). */
  connectorUrl: string;
}

/**
 * A real gate process (built `main.js`) without discovery or auth: both listeners on free
 * loopback ports, calls forwarded to `facadeUrl`, StatsD sent nowhere. `env` adds to or
 * overrides that environment.
 */
export async function startGateProcess(options: {
  facadeUrl: string;
  databaseUrl: string;
  env?: Record<string, string>;
}): Promise<GateProcess> {
  const [ws, http] = [await freePort(), await freePort()];
  const process = await startAppProcess({
    app: 'gate',
    port: http,
    env: {
      GLS_FACADE_CONNECT: options.facadeUrl,
      GLS_AUTH_CONNECT: 'http://127.0.0.1:9',
      GLS_DISABLE_AUTH: 'true',
      GLS_FRONTEND_GATE_HOST: '127.0.0.1',
      GLS_FRONTEND_GATE_PORT: String(ws),
      GLS_CONNECTOR_HOST: '127.0.0.1',
      GLS_CONNECTOR_PORT: String(http),
      GLS_METRICS_PORT: '9',
      DATABASE_URL: options.databaseUrl,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
  });
  return { process, wsUrl: `ws://127.0.0.1:${ws}`, connectorUrl: process.url };
}
