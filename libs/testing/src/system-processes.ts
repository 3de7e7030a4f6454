import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type AppName, type AppProcess, startAppProcess } from './app-process';
import { freePort } from './free-port';
import { createTestDatabase, type TestDatabase } from './test-database';

const APP_OF: Record<SystemApp, AppName> = {
  auth: 'auth',
  provider: 'discovery-provider',
  facade: 'facade',
  gate: 'gate',
};

/** The demo user and the public web client every system of this harness has. */
export interface SystemDemo {
  user: 'alice';
  password: string;
  /** alice's Ed25519 key for the challenge login, PKCS#8 PEM. */
  privateKeyPem: string;
  /** A public client (no secret): password and refresh_token grants, as a login page uses. */
  webClientId: 'web-demo';
}

export interface GatehouseSystem {
  auth: AppProcess;
  provider: AppProcess;
  facade: AppProcess;
  gate: AppProcess;
  /** The gate's client WebSocket listener. */
  gateUrl: string;
  /** Each app's database, for a suite that checks rows or starts another gate replica on it. */
  databases: Record<'auth' | 'provider' | 'gate', string>;
  demo: SystemDemo;
  /** SIGTERM to the gate, then the same gate again on the same ports (it joins discovery again). */
  restartGate(): Promise<void>;
  /** Stops one app: SIGTERM (graceful) or SIGKILL (a crash). */
  stopApp(name: SystemApp, signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts a stopped app again with its environment and ports, and waits until it is ready. */
  startApp(name: SystemApp): Promise<void>;
  /** An access token of the `operator` client (role admin) for auth's and the provider's admin APIs. */
  adminToken(): Promise<string>;
  /**
   * Another replica of auth, the provider or the gate: the same environment (database, keys,
   * issuer) on fresh ports, ready when it resolves; stopped with the system. A gate replica has its
   * own client listener (`wsUrl`) and connector.
   */
  startReplica(name: ReplicatedApp): Promise<{ process: AppProcess; wsUrl?: string }>;
  /** An access token of the `operator` client from the given auth replica (default: the first). */
  operatorToken(authUrl?: string): Promise<string>;
  /** A configuration token from the system's provider, for a service a suite starts itself. */
  configurationToken(name: string, permissions: string[]): Promise<string>;
  stop(): Promise<void>;
}

export type SystemApp = 'auth' | 'provider' | 'facade' | 'gate';
export type ReplicatedApp = 'auth' | 'provider' | 'gate';

// Above the gate's drain (10 s), and four apps still stop one after another within a suite's 60 s
// teardown hook when every one of them hangs.
const SHUTDOWN_DEADLINE_MS = 12_000;

// The variables that hold a replica's own ports; everything else is shared with the first one.
const REPLICA_PORTS: Record<ReplicatedApp, (port: number, port2: number) => Record<string, string>> = {
  auth: (port) => ({ AUTH_PORT: String(port) }),
  provider: (port) => ({ DISCOVERY_PORT: String(port) }),
  gate: (port, clientPort) => ({
    GLS_CONNECTOR_PORT: String(port),
    GATE_PUBLIC_URL: `http://127.0.0.1:${port}`,
    GLS_FRONTEND_GATE_PORT: String(clientPort),
  }),
};

export interface SystemOptions {
  /** Names the suite's databases. */
  name: string;
  /** Added to (or overriding) each app's environment. */
  env?: Partial<Record<SystemApp, Record<string, string>>>;
  /** Node flags of an app's process (`--inspect=127.0.0.1:0` to reach its heap). */
  nodeArgs?: Partial<Record<SystemApp, string[]>>;
  /** How long each app may take to become ready (default: startAppProcess's). */
  readyTimeoutMs?: number;
  /** URL of the PostgreSQL server to create the apps' databases on (default: the test run's). */
  databaseServer?: string;
}

/**
 * The whole system as real processes (`npm run build` first): auth, discovery provider, facade and
 * gate, each on its own database of the test server and free loopback ports, wired through
 * discovery as `npm start` wires them, so the facade's pushes reach clients through the gate.
 */
export async function startSystem(options: SystemOptions): Promise<GatehouseSystem> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `${options.name}-`));
  const databases: TestDatabase[] = [];
  const apps: AppProcess[] = [];
  const urls: Partial<GatehouseSystem['databases']> = {};
  const database = async (app: keyof GatehouseSystem['databases']) => {
    const db = await createTestDatabase(
      `${options.name}_${app === 'provider' ? 'discovery' : app}`,
      options.databaseServer,
    );
    databases.push(db);
    return (urls[app] = db.url);
  };
  const launches = new Map<SystemApp, () => Promise<AppProcess>>();
  const envs = new Map<SystemApp, Record<string, string>>();
  const launchApp = async (name: SystemApp, port: number, env: Record<string, string>) => {
    const process = await startAppProcess({
      app: APP_OF[name],
      port,
      env: {
        LOG_LEVEL: 'warn',
        GATEHOUSE_DATA_DIR: dir,
        GATEHOUSE_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_DEADLINE_MS),
        ...env,
        ...options.env?.[name],
      },
      nodeArgs: options.nodeArgs?.[name],
      timeoutMs: options.readyTimeoutMs,
    });
    apps.push(process);
    return process;
  };
  const start = async (name: SystemApp, port: number, env: Record<string, string>) => {
    const launch = () => launchApp(name, port, env);
    launches.set(name, launch);
    envs.set(name, env);
    return launch();
  };
  const stop = async () => {
    // One after another, the gate first (as an operator would); each app's own deadline
    // (SHUTDOWN_DEADLINE_MS) ends a stop that hangs, and says what held it, before the suite's hook gives up.
    for (const app of apps.splice(0).reverse()) {
      const code = await app.stop(SHUTDOWN_DEADLINE_MS + 5_000);
      if (code !== null && code !== 0)
        console.error(`${app.url} stopped with exit code ${code}:\n${app.logs().slice(-4000)}`);
    }
    for (const db of databases.splice(0)) await db.drop();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const secret = () => randomBytes(24).toString('base64url');
    const demo: SystemDemo = {
      user: 'alice',
      password: secret(),
      privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      webClientId: 'web-demo',
    };
    const operatorSecret = secret();
    const gateSecret = secret();
    const providerSecret = secret();
    const bootstrap = path.join(dir, 'auth-bootstrap.json');
    writeFileSync(
      bootstrap,
      JSON.stringify({
        users: [
          {
            username: demo.user,
            password: demo.password,
            roles: ['user'],
            publicKeys: [publicKey.export({ format: 'jwk' }).x],
          },
        ],
        clients: [
          { clientId: demo.webClientId, grants: ['password', 'refresh_token'], scopes: [], roles: [] },
          {
            clientId: 'operator',
            clientSecret: operatorSecret,
            grants: ['client_credentials'],
            scopes: [],
            roles: ['admin'],
          },
          {
            clientId: 'gate',
            clientSecret: gateSecret,
            grants: ['client_credentials'],
            scopes: [],
            roles: ['gate'],
          },
          {
            clientId: 'discovery-provider',
            clientSecret: providerSecret,
            grants: ['client_credentials'],
            scopes: [],
            roles: [],
          },
        ],
      }),
    );

    const [authPort, providerPort, facadePort, gatePort, connectorPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const authUrl = `http://127.0.0.1:${authPort}`;
    const auth = await start('auth', authPort, {
      AUTH_HOST: '127.0.0.1',
      AUTH_PORT: String(authPort),
      AUTH_ISSUER: authUrl,
      AUTH_AUDIENCE: `${authUrl},discovery-provider,gate`,
      DATABASE_URL: await database('auth'),
      AUTH_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      AUTH_BOOTSTRAP_FILE: bootstrap,
      AUTH_THROTTLE_IP_LIMIT: '100000',
    });
    const provider = await start('provider', providerPort, {
      DISCOVERY_HOST: '127.0.0.1',
      DISCOVERY_PORT: String(providerPort),
      DISCOVERY_PUBLIC_URL: `http://127.0.0.1:${providerPort}`,
      DATABASE_URL: await database('provider'),
      DISCOVERY_AUTH_JWKS_URL: `${authUrl}/.well-known/jwks.json`,
      DISCOVERY_AUTH_ISSUER: authUrl,
      DISCOVERY_AUTH_CLIENT_ID: 'discovery-provider',
      DISCOVERY_AUTH_CLIENT_SECRET: providerSecret,
      DISCOVERY_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      DISCOVERY_ALLOW_LOOPBACK: 'true',
      DISCOVERY_DELIVERY_POLL_MS: '100',
      DISCOVERY_RETRY_BASE_MS: '100',
      DISCOVERY_RETRY_MAX_MS: '1000',
      DISCOVERY_DB_POOL_SIZE: '4',
    });
    // A fresh admin token per request: a suite may give access tokens a lifetime of a few seconds.
    const admin = () => operatorToken(authUrl, operatorSecret);
    const facade = await start('facade', facadePort, {
      FACADE_HOST: '127.0.0.1',
      FACADE_PORT: String(facadePort),
      FACADE_CONFIGURATION_TOKEN: await configurationToken(provider.url, admin, 'facade', ['gate']),
    });
    const gateEnv = {
      GLS_FRONTEND_GATE_HOST: '127.0.0.1',
      GLS_FRONTEND_GATE_PORT: String(gatePort),
      GLS_CONNECTOR_HOST: '127.0.0.1',
      GLS_CONNECTOR_PORT: String(connectorPort),
      GLS_FACADE_CONNECT: facade.url,
      GLS_AUTH_CONNECT: authUrl,
      GLS_METRICS_PORT: '9',
      DATABASE_URL: await database('gate'),
      GATE_AUTH_CLIENT_ID: 'gate',
      GATE_AUTH_CLIENT_SECRET: gateSecret,
      GATE_JWKS_URL: `${authUrl}/.well-known/jwks.json`,
      GATE_TOKEN_ISSUER: authUrl,
      GATE_DISCOVERY_TOKEN: await configurationToken(provider.url, admin, 'gate', ['facade', 'auth']),
      GATE_PUBLIC_URL: `http://127.0.0.1:${connectorPort}`,
      GATE_ANONYMOUS_METHODS: 'echo',
    };
    const system: GatehouseSystem = {
      auth,
      provider,
      facade,
      gate: await start('gate', connectorPort, gateEnv),
      gateUrl: `ws://127.0.0.1:${gatePort}`,
      databases: urls as GatehouseSystem['databases'],
      demo,
      configurationToken: (name, permissions) => configurationToken(provider.url, admin, name, permissions),
      restartGate: async () => {
        await system.stopApp('gate', 'SIGTERM');
        await system.startApp('gate');
      },
      stopApp: async (name, signal) => {
        const app = system[name];
        if (signal === 'SIGKILL') await app.kill();
        else await app.stop();
        const index = apps.indexOf(app);
        if (index >= 0) apps.splice(index, 1);
      },
      startApp: async (name) => {
        const launch = launches.get(name);
        if (!launch) throw new Error(`${name} was never started`);
        system[name] = await launch();
      },
      adminToken: admin,
      operatorToken: (url = authUrl) => operatorToken(url, operatorSecret),
      startReplica: async (name) => {
        const [port, port2] = [await freePort(), await freePort()];
        const env = { ...envs.get(name)!, ...REPLICA_PORTS[name](port, port2) };
        const process = await launchApp(name, port, env);
        return name === 'gate' ? { process, wsUrl: `ws://127.0.0.1:${port2}` } : { process };
      },
      stop,
    };
    return system;
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A token for the demo user from the system's auth (password grant of the public web client). */
export async function demoUserToken(system: GatehouseSystem): Promise<string> {
  const body = new URLSearchParams({
    grant_type: 'password',
    username: system.demo.user,
    password: system.demo.password,
    client_id: system.demo.webClientId,
  });
  return (await tokenRequest(system.auth.url, body)).access_token;
}

async function operatorToken(authUrl: string, secret: string): Promise<string> {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: 'operator',
    client_secret: secret,
  });
  return (await tokenRequest(authUrl, body)).access_token;
}

async function tokenRequest(authUrl: string, body: URLSearchParams): Promise<{ access_token: string }> {
  const res = await fetch(`${authUrl}/oauth/token`, { method: 'POST', body });
  if (!res.ok) throw new Error(`token request refused: ${res.status} ${await res.text()}`);
  return (await res.json()) as { access_token: string };
}

async function configurationToken(
  providerUrl: string,
  admin: () => Promise<string>,
  name: string,
  permissions: string[],
): Promise<string> {
  const res = await fetch(`${providerUrl}/admin/configuration-tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await admin()}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, permissions }),
  });
  if (!res.ok) throw new Error(`configuration token for ${name} refused: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
