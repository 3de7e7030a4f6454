import { type ChildProcess, spawn } from 'node:child_process';
import { until } from './until';

/** A Node script running as a child process, with everything it prints kept. */
export interface NodeProcess {
  readonly child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr), for assertions and failure messages. */
  logs(): string;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
  /**
   * Graceful stop (SIGTERM) and wait for the exit code. A process still running after `graceMs`
   * (default 30 s, above the apps' own GATEHOUSE_SHUTDOWN_TIMEOUT_MS) is killed, and the end of
   * its output is written to stderr, so a stop that hangs shows in the run instead of stalling it.
   */
  stop(graceMs?: number): Promise<number | null>;
  /** Hard kill (SIGKILL), as a crash would. */
  kill(): Promise<void>;
}

export interface NodeProcessOptions {
  cwd: string;
  /** The whole environment of the process (nothing is inherited). */
  env: NodeJS.ProcessEnv;
  /** Flags for node itself, before the script (`--inspect=127.0.0.1:0`, `--expose-gc`). */
  nodeArgs?: string[];
  /** Its own process group, so a caller can stop whatever it started too. */
  detached?: boolean;
}

/** Spawns `node <script>` (source maps on): the one way suites start a process. */
export function spawnNode(script: string, options: NodeProcessOptions): NodeProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', ...(options.nodeArgs ?? []), script], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    logs: () => output,
    exited,
    stop: async (graceMs = 30_000) => {
      if (!running()) return exited;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const overrun = new Promise<'overrun'>((resolve) => (timer = setTimeout(resolve, graceMs, 'overrun')));
      const ended = await Promise.race([exited, overrun]);
      clearTimeout(timer);
      if (ended !== 'overrun') return ended;
      // console, not stderr: jest shows a suite's console beside its results, from any worker.
      console.error(
        `process ${child.pid} was still stopping after ${graceMs} ms; killed. Its last output:\n${output.slice(-4000)}`,
      );
      child.kill('SIGKILL');
      return exited;
    },
    kill: async () => {
      if (running()) child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * Waits until `probe` answers truthy; fails at once, with the process's output, when the process
 * ends first, and after `timeoutMs` kills it and fails with its output.
 */
export async function untilReady(
  proc: NodeProcess,
  probe: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs: number,
): Promise<void> {
  let gone = false;
  void proc.exited.then(() => (gone = true));
  try {
    await until(
      async () => {
        if (gone) throw new Error(`the process exited before ${what}`);
        return probe();
      },
      what,
      timeoutMs,
    );
  } catch (error) {
    await proc.kill();
    throw new Error(`${(error as Error).message}:\n${proc.logs()}`);
  }
}
