import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
/** Prints one scenario's figures as an aligned table on stdout (jest leaves stdout alone). */
export function printFigures(title: string, rows: Array<[string, string | number]>): void {
  const width = Math.max(...rows.map(([name]) => name.length));
  const lines = rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`);
  process.stdout.write(`\n== ${title}\n${lines.join('\n')}\n`);
}

/** A size from the environment (FAULTS_FRAMES, FAULTS_CONNECTIONS…), the full size by default. */
export function sizeFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

export const MB = 1024 * 1024;

export function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

/** With FAULTS_LOGS=<folder>, each app's output is written there after a scenario (for a failure's post-mortem). */
export function writeLogs(
  scenario: string,
  apps: Record<string, { logs(): string } | undefined | unknown>,
): void {
  const folder = process.env['FAULTS_LOGS'];
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  for (const [name, app] of Object.entries(apps)) {
    if (typeof app === 'object' && app !== null && 'logs' in app && typeof app.logs === 'function') {
      writeFileSync(path.join(folder, `${scenario}-${name}.log`), String((app as { logs(): string }).logs()));
    }
  }
}
