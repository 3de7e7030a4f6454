import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface RunningApp {
  name: string;
  url: string;
  child: ChildProcess;
}

/**
 * Starts a built app with its own environment and prefixes its log lines with its name. Resolves
 * once `/health/ready` answers; rejects if the process exits first.
 */
export async function runApp(
  root: string,
  name: string,
  port: number,
  env: Record<string, string>,
): Promise<RunningApp> {
  const child = spawn(
    process.execPath,
    ['--enable-source-maps', path.join(root, 'dist/apps', name, 'src/main.js')],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  for (const stream of [child.stdout, child.stderr]) {
    if (stream)
      createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${name}] ${line}\n`));
  }
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${name} exited with code ${code} before it was ready`))),
  );
  await Promise.race([exited, waitHealthy(`${url}/health/ready`)]);
  return { name, url, child };
}

async function waitHealthy(url: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not become ready`);
}
