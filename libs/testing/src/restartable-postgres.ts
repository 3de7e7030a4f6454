import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@gatehouse/persistence';
import { type NodeProcess, spawnNode, untilReady } from './node-process';
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
  let server: NodeProcess | undefined;
  let url = '';

  const start = async (): Promise<void> => {
    const started = spawnNode(main, {
      cwd: repositoryRoot(),
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        PG_DATA_DIR: dataDir,
        PG_PORT: String(port),
      },
    });
    server = started;
    const announced = () => /^\{"url":.*$/m.exec(started.logs())?.[0];
    await untilReady(started, () => announced() !== undefined, 'PostgreSQL to accept connections', 60_000);
    url = (JSON.parse(announced()!) as { url: string }).url;
  };
  const stop = async (): Promise<void> => {
    const running = server;
    server = undefined;
    await running?.stop();
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
