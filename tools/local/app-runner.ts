import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { type AppLineFormatter, type LogStream } from './app-log';
import { failureReason } from './failure-reason';

const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 10_000;
const KEPT_LINES = 50;

export interface AppSpec {
  root: string;
  name: string;
  /** The port that answers /health/ready. */
  port: number;
  env: Record<string, string>;
  format: AppLineFormatter;
  out: NodeJS.WritableStream;
}

export interface AppExit {
  /** `exited with code 1`, `was killed by SIGKILL`, `could not be started: …` */
  how: string;
  reason?: string;
}

/** `<how>[ <when>]: <reason>`, one line. */
export function describeExit(name: string, exit: AppExit, when = ''): string {
  return `${name} ${exit.how}${when ? ` ${when}` : ''}${exit.reason ? `: ${exit.reason}` : ''}`;
}

export interface LaunchedApp {
  readonly name: string;
  readonly url: string;
  /** Resolves once /health/ready answers; rejects with one line when the app exits first or never gets ready. */
  readonly ready: Promise<void>;
  /** Resolves when the process ends, however it ends: how, and the line it left saying why. */
  readonly exited: Promise<AppExit>;
  /** SIGTERM, then SIGKILL if it is still there after a grace period; resolves once it is gone. */
  stop(): Promise<void>;
}

/**
 * Starts a built app as its own process, exactly as in production, and passes every line it
 * prints through `format`. Returns at once, so that the caller can register `stop` before the
 * app is ready: nothing the runner started is ever left behind.
 */
export function launchApp(spec: AppSpec): LaunchedApp {
  const child = spawn(
    process.execPath,
    ['--enable-source-maps', path.join(spec.root, 'dist/apps', spec.name, 'src/main.js')],
    { cwd: spec.root, env: { ...process.env, ...spec.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const last: string[] = [];
  const forward = (stream: NodeJS.ReadableStream | null, kind: LogStream) => {
    if (!stream) return;
    createInterface({ input: stream }).on('line', (line) => {
      last.push(line);
      if (last.length > KEPT_LINES) last.shift();
      spec.out.write(spec.format(spec.name, line, kind));
    });
  };
  forward(child.stdout, 'stdout');
  forward(child.stderr, 'stderr');

  let gone = false;
  const exited = new Promise<AppExit>((resolve) => {
    child.once('error', (error) => {
      gone = true;
      resolve({ how: `could not be started: ${error.message}` });
    });
    child.once('close', (code, signal) => {
      gone = true;
      const reason = failureReason(spec.name, last);
      resolve({
        how: signal ? `was killed by ${signal}` : `exited with code ${code}`,
        ...(reason ? { reason } : {}),
      });
    });
  });
  const url = `http://127.0.0.1:${spec.port}`;
  const ready = Promise.race([
    exited.then((exit) => Promise.reject(new Error(describeExit(spec.name, exit, 'before it was ready')))),
    waitReady(spec.name, `${url}/health/ready`, () => gone),
  ]);
  // The caller may be awaiting something else when the app dies; its failure is reported there.
  ready.catch(() => undefined);

  return {
    name: spec.name,
    url,
    ready,
    exited,
    stop: async () => {
      if (gone) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitReady(name: string, url: string, gone: () => boolean): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!gone()) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`${name} was not ready within ${READY_TIMEOUT_MS / 1000} s (${url})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // The process is gone: `exited` rejects `ready` with the reason; this side never settles it.
  await new Promise<never>(() => undefined);
}
