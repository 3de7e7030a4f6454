import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Fields of /proc/<pid>/stat after the command name (Linux), undefined elsewhere. */
function procStat(pid: string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

// USER_HZ is 100 on Linux: utime, stime (and cutime, cstime of reaped children) in 10 ms ticks.
const ticks = (fields: string[], from: number, count: number) =>
  fields.slice(from, from + count).reduce((sum, f) => sum + Number(f) * 10, 0);

/**
 * CPU time (ms) of a PostgreSQL server: the postmaster, its live backends and those that exited
 * (reaped children count in the postmaster's cutime/cstime). NaN where /proc is missing.
 */
export function postgresCpuMs(dataDir: string): number {
  try {
    const postmaster = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]!.trim();
    const own = procStat(postmaster);
    if (!own) return Number.NaN;
    let total = ticks(own, 11, 4);
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      const fields = procStat(pid);
      if (fields?.[1] === postmaster) total += ticks(fields, 11, 2);
    }
    return total;
  } catch {
    return Number.NaN;
  }
}
