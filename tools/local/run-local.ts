import path from 'node:path';
import { prepareDatabases } from './local-database';
import { loadLocalSecrets, writeAuthBootstrap } from './local-secrets';
import { runApp, type RunningApp } from './app-runner';
import { issueConfigurationToken, operatorToken } from './operator';

// GATEHOUSE_BASE_PORT moves every port at once (auth = base, provider +1, facade +2, gate +3, connector +4),
// so a test or a second checkout can run the system beside a running one.
const base = Number(process.env['GATEHOUSE_BASE_PORT'] ?? 0);
const PORTS = base
  ? { auth: base, provider: base + 1, facade: base + 2, gate: base + 3, connector: base + 4 }
  : { auth: 7100, provider: 7000, facade: 7300, gate: 8080, connector: 8081 };
const DB_PREFIX = process.env['GATEHOUSE_DB_PREFIX'] ?? 'gatehouse';

/**
 * `npm start`: the whole system on one machine with nothing installed but Node. One embedded
 * PostgreSQL (or DATABASE_URL), a database per app, generated local secrets, every app as its own
 * process exactly as in production, wired through discovery, then a banner saying how to use it.
 */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../../..');
  const dataDir = path.resolve(process.env['GATEHOUSE_DATA_DIR'] ?? path.join(root, '.data'));
  const localDir = path.join(dataDir, 'local');
  const secrets = loadLocalSecrets(localDir);
  const db = { auth: `${DB_PREFIX}_auth`, discovery: `${DB_PREFIX}_discovery`, gate: `${DB_PREFIX}_gate` };
  const { server, urls } = await prepareDatabases(process.env['DATABASE_URL'], Object.values(db));

  const apps: RunningApp[] = [];
  const shutdown = async () => {
    for (const app of [...apps].reverse()) {
      app.child.kill('SIGTERM');
      await new Promise((resolve) =>
        app.child.exitCode === null ? app.child.once('exit', resolve) : resolve(null),
      );
    }
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  const start = async (name: string, port: number, env: Record<string, string>) => {
    const app = await runApp(root, name, port, { GATEHOUSE_DATA_DIR: dataDir, ...env });
    apps.push(app);
    return app;
  };

  const authUrl = `http://127.0.0.1:${PORTS.auth}`;
  const providerUrl = `http://127.0.0.1:${PORTS.provider}`;
  const auth = await start('auth', PORTS.auth, {
    AUTH_PORT: String(PORTS.auth),
    AUTH_HOST: '127.0.0.1',
    AUTH_ISSUER: authUrl,
    AUTH_AUDIENCE: `${authUrl},discovery-provider,gate`,
    DATABASE_URL: urls[db.auth]!,
    AUTH_KEY_ENCRYPTION_KEY: secrets.authKeyEncryptionKey,
    AUTH_BOOTSTRAP_FILE: writeAuthBootstrap(localDir, secrets),
  });
  const provider = await start('discovery-provider', PORTS.provider, {
    DISCOVERY_PORT: String(PORTS.provider),
    DISCOVERY_HOST: '127.0.0.1',
    DISCOVERY_PUBLIC_URL: providerUrl,
    DATABASE_URL: urls[db.discovery]!,
    DISCOVERY_AUTH_JWKS_URL: `${authUrl}/.well-known/jwks.json`,
    DISCOVERY_AUTH_ISSUER: authUrl,
    DISCOVERY_KEY_ENCRYPTION_KEY: secrets.discoveryKeyEncryptionKey,
    // Every service of a local run lives on loopback.
    DISCOVERY_ALLOW_LOOPBACK: 'true',
    DISCOVERY_DATA_DIR: dataDir,
  });

  const admin = await operatorToken(authUrl, 'operator', secrets.adminClientSecret);
  const facadeToken = await issueConfigurationToken(providerUrl, admin, 'facade', ['gate']);
  const gateToken = await issueConfigurationToken(providerUrl, admin, 'gate', ['facade', 'auth']);

  const facadeUrl = `http://127.0.0.1:${PORTS.facade}`;
  const facade = await start('facade', PORTS.facade, {
    FACADE_PORT: String(PORTS.facade),
    FACADE_HOST: '127.0.0.1',
    FACADE_PUBLIC_URL: facadeUrl,
    FACADE_CONFIGURATION_TOKEN: facadeToken,
  });
  const gate = await start('gate', PORTS.connector, {
    GLS_FRONTEND_GATE_HOST: '127.0.0.1',
    GLS_FRONTEND_GATE_PORT: String(PORTS.gate),
    GLS_CONNECTOR_HOST: '127.0.0.1',
    GLS_CONNECTOR_PORT: String(PORTS.connector),
    GLS_FACADE_CONNECT: facadeUrl,
    GLS_AUTH_CONNECT: authUrl,
    DATABASE_URL: urls[db.gate]!,
    GATE_AUTH_CLIENT_ID: 'gate',
    GATE_AUTH_CLIENT_SECRET: secrets.gateClientSecret,
    GATE_JWKS_URL: `${authUrl}/.well-known/jwks.json`,
    GATE_TOKEN_ISSUER: authUrl,
    GATE_DISCOVERY_TOKEN: gateToken,
    GATE_PUBLIC_URL: `http://127.0.0.1:${PORTS.connector}`,
    GATE_ANONYMOUS_METHODS: 'echo',
  });

  const ws = `ws://127.0.0.1:${PORTS.gate}`;
  process.stdout.write(`
Gatehouse is running (data in ${dataDir}; Ctrl-C stops everything)
  auth                ${auth.url}        docs ${auth.url}/docs
  discovery-provider  ${provider.url}        docs ${provider.url}/docs
  facade              ${facade.url}
  gate                ${ws} (clients)   ${gate.url} (connector)

Connect a client that signs the challenge with the demo user's key and calls whoami:
  npm run example:client
Or by hand (anonymous connections may call echo):
  npx wscat -c ${ws}
  > {"jsonrpc":"2.0","id":1,"method":"echo","params":{"hello":"world"}}
A token for the demo client, and for the demo user alice:
  curl -s -u demo-client:${secrets.demoClientSecret} -d grant_type=client_credentials ${auth.url}/oauth/token
  curl -s -u demo-client:${secrets.demoClientSecret} -d grant_type=password -d username=alice -d password=${secrets.demoPassword} ${auth.url}/oauth/token
Local secrets (generated once): ${path.join(localDir, 'secrets.json')}
`);
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
