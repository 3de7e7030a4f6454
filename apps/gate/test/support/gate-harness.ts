import {
  createTestDatabase,
  type InProcessApp,
  startAppInProcess,
  type TestDatabase,
} from '@gatehouse/testing';
import { AppModule } from '../../src/app.module';
import { gateConfigFrom } from '../../src/config';
import { ClientListener } from '../../src/connections/client-listener.service';
import { connectorHttpOptions } from '../../src/connector/connector-http-options';
import { TestFacade } from './test-facade';

export const CONNECTOR_TOKEN = 'connector-test-token';

export interface RunningGate extends InProcessApp {
  wsUrl: string;
  connectorUrl: string;
}

/** The real gate app in this process: connector on an ephemeral port, client listener too. */
export async function startGate(env: Record<string, string>): Promise<RunningGate> {
  const config = gateConfigFrom({
    GLS_FRONTEND_GATE_HOST: '127.0.0.1',
    GLS_FRONTEND_GATE_PORT: '0',
    GLS_CONNECTOR_HOST: '127.0.0.1',
    GLS_CONNECTOR_PORT: '0',
    GLS_METRICS_PORT: '9',
    GATE_CONNECTOR_TOKENS: CONNECTOR_TOKEN,
    ...env,
  });
  const gate = await startAppInProcess(AppModule.register(config), connectorHttpOptions(config));
  return {
    ...gate,
    wsUrl: `ws://127.0.0.1:${gate.app.get(ClientListener).port}`,
    connectorUrl: gate.url,
  };
}

/** A gate with logins off: no auth service is reachable (port 9), and every method is open. */
export const WITHOUT_AUTH = { GLS_AUTH_CONNECT: 'http://127.0.0.1:9', GLS_DISABLE_AUTH: 'true' } as const;

export interface GateWithFacade {
  db: TestDatabase;
  facade: TestFacade;
  gate: RunningGate;
}

/** A gate without auth in front of a `TestFacade`, on a database of its own, with `env` on top. */
export async function startGateWithFacade(
  dbName: string,
  env: Record<string, string> = {},
): Promise<GateWithFacade> {
  const db = await createTestDatabase(dbName);
  const facade = new TestFacade();
  const gate = await startGate({
    ...WITHOUT_AUTH,
    GLS_FACADE_CONNECT: await facade.start(),
    DATABASE_URL: db.url,
    ...env,
  });
  return { db, facade, gate };
}

/** Stops what `startGateWithFacade` started, gate first; any part may be missing after a failed start. */
export async function stopGateWithFacade(running: Partial<GateWithFacade>): Promise<void> {
  await running.gate?.close();
  await running.facade?.stop();
  await running.db?.drop();
}

/** POSTs a JSON-RPC body to the connector. */
export async function connector(
  url: string,
  body: unknown,
  token = CONNECTOR_TOKEN,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export const transfer = (url: string, params: unknown, id: number | string = 1) =>
  connector(url, { jsonrpc: '2.0', method: 'transfer', params, id });
