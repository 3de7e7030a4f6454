import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@gatehouse/persistence';
import { repositoryRoot } from './repository-root';

/** An embedded PostgreSQL a suite may stop and start again under running apps. */
export interface RestartablePostgres {
  /** Maintenance database URL; the same before and after a restart. */
  readonly url: string;
  /** Stops the server (a fast shutdown: clients are disconnected); the data stays. */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder. */
  start(): Promise<void>;
  /** Stops it for good and deletes its folder. */
  destroy(): Promise<void>;
}

/**
 * Its own child process runs the server (dist/…/postgres-server-main.js, `npm run build` first),
 * so stopping it is a real outage for every app: connections drop and new ones are refused.
 */
export async function startRestartablePostgres(): Promise<RestartablePostgres> {
  const main = path.join(repositoryRoot(), 'dist', 'libs', 'testing', 'src', 'postgres-server-main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
  const parent = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-faults-pg-'));
  // As root the server runs as the `postgres` user, which must traverse this folder.
  chmodSync(parent, 0o755);
  const dataDir = path.join(parent, 'cluster');
  const port = await freePort();
  let child: ChildProcess | undefined;
  let url = '';

  const start = async (): Promise<void> => {
    const spawned = spawn(process.execPath, [main], {
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        PG_DATA_DIR: dataDir,
        PG_PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = spawned;
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      let err = '';
      spawned.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve((JSON.parse(line) as { url: string }).url);
      });
      spawned.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
      spawned.once('exit', (code) =>
        reject(new Error(`PostgreSQL process exited (${code}) before it was ready: ${err}`)),
      );
    });
  };
  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };

  await start();
  return {
    get url() {
      return url;
    },
    start,
    stop,
    destroy: async () => {
      await stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
