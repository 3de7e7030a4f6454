import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Pool } from 'undici';

export interface LoadResult {
  name: string;
  requests: number;
  errors: number;
  perSec: number;
  p50: number;
  p99: number;
  /** CPU time of the server process per answered request (user + system), when measured. */
  serverCpuUs?: number;
}

/** A worker's request: resolves true on the expected answer. Each worker keeps its own state. */
export type Step = (pool: Pool) => Promise<boolean>;

/** One stretch of load: every latency, the failures, and how long it ran. */
export interface LoadSlice {
  latencies: number[];
  errors: number;
  elapsedSec: number;
}

/** Runs `concurrency` workers in a closed loop for `durationMs` and reports throughput and latency. */
export async function runLoad(
  name: string,
  pool: Pool,
  concurrency: number,
  durationMs: number,
  makeStep: () => Promise<Step>,
): Promise<LoadResult> {
  const steps = await Promise.all(Array.from({ length: concurrency }, makeStep));
  return summarize(name, [await runSlice(pool, steps, durationMs)]);
}

/** Drives already-made workers (so a scenario can resume where its last slice stopped). */
export async function runSlice(pool: Pool, steps: Step[], durationMs: number): Promise<LoadSlice> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    steps.map(async (step) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const ok = await step(pool).catch(() => false);
        latencies.push(performance.now() - t0);
        if (!ok) errors++;
      }
    }),
  );
  return { latencies, errors, elapsedSec: (performance.now() - started) / 1000 };
}

/** Throughput and percentiles over one or more slices. */
export function summarize(name: string, slices: LoadSlice[]): LoadResult {
  const latencies = slices.flatMap((slice) => slice.latencies).sort((a, b) => a - b);
  const errors = slices.reduce((sum, slice) => sum + slice.errors, 0);
  const elapsed = slices.reduce((sum, slice) => sum + slice.elapsedSec, 0);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return {
    name,
    requests: latencies.length,
    errors,
    perSec: (latencies.length - errors) / elapsed,
    p50: pct(0.5),
    p99: pct(0.99),
  };
}

export function formatTable(results: LoadResult[]): string {
  const head = ['scenario', 'ok/s', 'p50 ms', 'p99 ms', 'requests', 'errors', 'server CPU µs/req'];
  const rows = results.map((r) => [
    r.name,
    r.perSec.toFixed(0),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    String(r.requests),
    String(r.errors),
    r.serverCpuUs === undefined ? '-' : r.serverCpuUs.toFixed(0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * CPU time (user + system, µs) a process has used so far, from /proc (Linux; undefined elsewhere).
 * On a shared machine throughput swings with the neighbours' load; CPU per request much less so.
 */
export function processCpuUs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    // USER_HZ is 100 on every Linux ABI Node supports.
    return Number.isFinite(ticks) ? ticks * 10_000 : undefined;
  } catch {
    return undefined;
  }
}
