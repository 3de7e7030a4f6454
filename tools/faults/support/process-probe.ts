import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import WebSocket from 'ws';

/** Resident memory and open file descriptors of a process, read from /proc (Linux). */
export function processUsage(pid: number): { rss: number; fds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
  return { rss: kb * 1024, fds: readdirSync(`/proc/${pid}/fd`).length };
}

/**
 * Open TCP connections (not the listener) a process holds on its local `port`: the client
 * connections a gate still keeps, read from /proc/<pid>/net/tcp* and matched to its own fds.
 */
export function connectionsOnPort(pid: number, port: number): number {
  const inodes = new Set<string>();
  for (const table of ['tcp', 'tcp6']) {
    const lines = readFileSync(`/proc/${pid}/net/${table}`, 'utf8').split('\n').slice(1);
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      const localPort = parseInt(fields[1]?.split(':')[1] ?? '', 16);
      // State 0A is LISTEN; every other state is a connection (or what is left of one).
      if (localPort === port && fields[3] !== '0A' && fields[9]) inodes.add(fields[9]);
    }
  }
  let held = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    const target = (() => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        return '';
      }
    })();
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode && inodes.has(inode)) held++;
  }
  return held;
}

/**
 * The V8 inspector of an app started with `--inspect=127.0.0.1:0`: forces a full garbage
 * collection and reads the heap, so "memory back to baseline" is judged on live objects and not on
 * garbage that merely has not been collected yet. The app's code is not touched.
 */
export class HeapProbe {
  private nextId = 1;
  private readonly pending = new Map<number, (result: unknown) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: unknown };
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result);
    });
  }

  /** Connects to the inspector URL the app printed ("Debugger listening on ws://…"). */
  static async attach(logs: () => string): Promise<HeapProbe> {
    const url = /Debugger listening on (ws:\/\/\S+)/.exec(logs())?.[1];
    if (!url) throw new Error('the process was not started with --inspect');
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new HeapProbe(socket);
  }

  /** Full GC (twice: weak references freed by the first are collected by the second), then heap used. */
  async collectedHeap(): Promise<number> {
    await this.send('HeapProfiler.collectGarbage');
    await this.send('HeapProfiler.collectGarbage');
    const usage = (await this.send('Runtime.getHeapUsage')) as { usedSize: number };
    return usage.usedSize;
  }

  close(): void {
    this.socket.close();
  }

  private send(method: string): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, (result) => {
        this.pending.delete(id);
        resolve(result);
      });
      this.socket.send(JSON.stringify({ id, method }));
    });
  }
}
