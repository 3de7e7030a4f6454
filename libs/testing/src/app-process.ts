import { existsSync } from 'node:fs';
import path from 'node:path';
import { type NodeProcess, spawnNode, untilReady } from './node-process';
import { repositoryRoot } from './repository-root';

export type AppName = 'auth' | 'discovery-provider' | 'gate' | 'facade';

export interface AppProcessOptions {
  app: AppName;
  /** Environment of the app, on top of PATH/HOME; the app reads nothing else. */
  env: Record<string, string>;
  /** Port the app listens on (it is also given in `env` under the app's own variable name). */
  port: number;
  /** Path answered with 2xx once the app is ready (default `/health/ready`). */
  readyPath?: string;
  /** How long the app may take to be ready (default 60 s: a loaded 2-core machine needs it). */
  timeoutMs?: number;
  /** Flags for node itself, before the script (`--inspect=127.0.0.1:0`, `--expose-gc`). */
  nodeArgs?: string[];
}

export interface AppProcess extends NodeProcess {
  readonly url: string;
}

const root = repositoryRoot();

/**
 * Runs a built app (`npm run build` first) as a real process, so end-to-end suites exercise the
 * same `main.ts`, configuration parsing and shutdown as production.
 */
export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  const main = path.join(root, 'dist', 'apps', options.app, 'src', 'main.js');
  if (!existsSync(main))
    throw new Error(`${main} is missing: run \`npm run build\` before end-to-end suites`);
  const proc = spawnNode(main, {
    cwd: root,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      LOG_LEVEL: 'info',
      ...options.env,
    },
    nodeArgs: options.nodeArgs,
  });
  const url = `http://127.0.0.1:${options.port}`;
  const readyUrl = `${url}${options.readyPath ?? '/health/ready'}`;
  await untilReady(
    proc,
    () => answersOk(readyUrl),
    `${options.app} ready at ${readyUrl}`,
    options.timeoutMs ?? 60_000,
  );
  return { ...proc, url };
}

async function answersOk(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false; // not listening yet
  }
}
