import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnNode, untilReady } from './node-process';
import { repositoryRoot } from './repository-root';
import { TEST_SERVER_ENV } from './test-server-env';

/** The whole system as `npm start` runs it, for suites that drive it from outside. */
export interface LocalSystem {
  /** auth = base, provider +1, facade +2, gate clients +3, gate connector +4. */
  readonly basePort: number;
  readonly urls: { auth: string; provider: string; facade: string; gate: string; connector: string };
  readonly dataDir: string;
  /** The local run's generated secrets (`<data>/local/secrets.json`). */
  secrets<T = Record<string, string>>(): T;
  /** Everything the run printed so far (its own banner and every app's logs). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `dist/tools/local/run-local.js` (`npm run build` first) on a random block of ports and the
 * suite's PostgreSQL server, in a throwaway data folder, and waits for its banner. The block is
 * five fixed offsets from a random base (run-local's own scheme), so on a busy machine one of them
 * may be taken: then it tries another block.
 */
export async function startLocalSystem(timeoutMs = 120_000): Promise<LocalSystem> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(timeoutMs);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof Error && error.message.includes('EADDRINUSE'))) throw error;
    }
  }
}

async function startOnce(timeoutMs: number): Promise<LocalSystem> {
  const root = repositoryRoot();
  const script = path.join(root, 'dist/tools/local/run-local.js');
  if (!existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` first`);
  const basePort = 20000 + Math.floor(Math.random() * 20000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-system-'));
  chmodSync(dataDir, 0o755);
  // Its own process group: when the run fails half-way, the apps it already started are stopped
  // with it instead of being left behind.
  const run = spawnNode(script, {
    cwd: root,
    env: {
      ...process.env,
      LOG_LEVEL: 'info',
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_BASE_PORT: String(basePort),
      GATEHOUSE_DB_PREFIX: `system_${basePort}`,
      DATABASE_URL: process.env[TEST_SERVER_ENV]!,
    },
    detached: true,
  });
  const stop = async (): Promise<void> => {
    await run.stop();
    // Apps of a run that died before it could stop them (none is left after a graceful stop).
    try {
      process.kill(-run.child.pid!, 'SIGTERM');
    } catch {
      // the group is gone already
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await untilReady(
      run,
      () => run.logs().includes('Gatehouse is running'),
      'npm start to come up',
      timeoutMs,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const url = (offset: number) => `http://127.0.0.1:${basePort + offset}`;
  return {
    basePort,
    urls: {
      auth: url(0),
      provider: url(1),
      facade: url(2),
      gate: `ws://127.0.0.1:${basePort + 3}`,
      connector: url(4),
    },
    dataDir,
    secrets: <T>() => JSON.parse(readFileSync(path.join(dataDir, 'local/secrets.json'), 'utf8')) as T,
    output: run.logs,
    stop,
  };
}
