import { parseEntry } from './app-log';

/**
 * The line that says why an app stopped, from the last lines it printed: its last error-level log
 * entry or last line of plain text, skipping the stack frames and object bodies that follow an
 * error (`    at …`, `  code: 'EADDRINUSE',`, `}`). An app's start-up errors name the app on each
 * line (`gate: config error: …`, see runMain); that name is dropped, the runner says it already.
 * Undefined when nothing qualifies.
 */
export function failureReason(app: string, lines: readonly string[]): string | undefined {
  const own = `${app}: `;
  for (const printed of [...lines].reverse()) {
    const line = printed.startsWith(own) ? printed.slice(own.length) : printed;
    const entry = parseEntry(line);
    if (entry) {
      if ((entry['level'] as number) < 50) continue;
      const err = entry['err'] as { message?: unknown } | undefined;
      const msg = typeof entry['msg'] === 'string' ? entry['msg'] : '';
      const detail = typeof err?.message === 'string' && err.message !== msg ? err.message : '';
      return [msg, detail].filter(Boolean).join(': ') || undefined;
    }
    if (line.trim() === '' || /^\s/.test(line) || /^[{}[\]]/.test(line)) continue;
    return line.trim();
  }
  return undefined;
}
