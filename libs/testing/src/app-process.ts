import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
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
  timeoutMs?: number;
  /** Flags for node itself, before the script (`--inspect=127.0.0.1:0`, `--expose-gc`). */
  nodeArgs?: string[];
}

export interface AppProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the app printed so far, for assertions and failure messages. */
  logs(): string;
  /** Graceful stop (SIGTERM) and wait for the exit code. */
  stop(): Promise<number | null>;
  /** Hard kill (SIGKILL), as a crash would. */
  kill(): Promise<void>;
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
  const child = spawn(process.execPath, ['--enable-source-maps', ...(options.nodeArgs ?? []), main], {
    cwd: root,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${options.port}`;
  const handle: AppProcess = {
    url,
    child,
    logs: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  await waitReady(
    handle,
    `${url}${options.readyPath ?? '/health/ready'}`,
    options.timeoutMs ?? 30_000,
    exited,
  );
  return handle;
}

async function waitReady(
  app: AppProcess,
  url: string,
  timeoutMs: number,
  exited: Promise<number | null>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void exited.then(() => (gone = true));
  while (Date.now() < deadline) {
    if (gone) throw new Error(`app exited before it was ready:\n${app.logs()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await app.kill();
  throw new Error(`app not ready at ${url} within ${timeoutMs} ms:\n${app.logs()}`);
}
