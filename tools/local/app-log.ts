import { styleText } from 'node:util';
import { prettyFactory } from 'pino-pretty';

export type LogFormat = 'pretty' | 'json';
export type LogStream = 'stdout' | 'stderr';

/** Turns one line an app printed into what the runner prints (with its newline). */
export type AppLineFormatter = (app: string, line: string, stream: LogStream) => string;

/**
 * The apps always write pino JSON; the runner shows it as readable lines on a terminal, and as
 * JSON lines carrying the app's name otherwise, so that a pipe or a file still gets one JSON
 * object per app line. Lines that are not JSON (a crash, a config error on stderr) are kept as
 * they are on a terminal and wrapped as `msg` in JSON.
 */
export function appLineFormatter(format: LogFormat, color: boolean): AppLineFormatter {
  if (format === 'json') return jsonLine;
  const pretty = prettyFactory({
    colorize: color,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,name,context',
    messageFormat: '{if context}{context}: {end}{msg}',
    singleLine: true,
  });
  const width = 21; // '[discovery-provider]' and a space
  return (app, line, stream) => {
    const prefix = `[${app}]`.padEnd(width);
    const tag = color
      ? styleText(stream === 'stderr' ? 'red' : 'cyan', prefix, { validateStream: false })
      : prefix;
    const entry = parseEntry(line);
    const text = entry ? pretty(entry).replace(/\n$/, '') : line;
    return `${text
      .split('\n')
      .map((l) => `${tag}${l}`)
      .join('\n')}\n`;
  };
}

function jsonLine(app: string, line: string, stream: LogStream): string {
  const entry = parseEntry(line);
  if (entry) return `${JSON.stringify({ app, ...entry })}\n`;
  // pino's numbers: 50 error for what an app wrote to stderr by hand, 30 info otherwise.
  return `${JSON.stringify({ app, level: stream === 'stderr' ? 50 : 30, time: Date.now(), msg: line })}\n`;
}

/** A pino log line: a JSON object with a numeric level. */
export function parseEntry(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(line) as unknown;
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { level?: unknown }).level === 'number'
    ) {
      return value as Record<string, unknown>;
    }
  } catch {
    // not JSON after all
  }
  return undefined;
}
