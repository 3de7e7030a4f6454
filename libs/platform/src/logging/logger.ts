import pino, { type Logger } from 'pino';
import { currentRequest } from './request-context';

// Paths whose values never reach a log line, wherever a careless caller puts them.
const SECRET_KEYS = [
  'password',
  'client_secret',
  'clientSecret',
  'secret',
  'token',
  'access_token',
  'refresh_token',
  'signature',
  'sign',
  'privateKey',
  'authorization',
  'cookie',
];
const REDACT = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
];

let root: Logger | undefined;
let capture: ((line: string) => void) | undefined;

/**
 * The process's one logger: JSON lines on stdout, secrets redacted, and the id of the request
 * being served (if any) on every line, whichever component wrote it. Level from LOG_LEVEL
 * (default info). Under jest, lines are dropped unless LOG_LEVEL is set or a test captures them.
 */
export function rootLogger(): Logger {
  if (root) return root;
  const level = process.env['LOG_LEVEL'];
  const stdout = level === undefined && process.env['JEST_WORKER_ID'] ? undefined : pino.destination(1);
  const sink = { write: (line: string) => (capture ? capture(line) : stdout?.write(line)) };
  root = pino(
    {
      level: level ?? 'info',
      redact: { paths: REDACT, censor: '[redacted]' },
      mixin: () => {
        const request = currentRequest();
        return request ? { reqId: request.reqId } : {};
      },
    },
    sink,
  );
  return root;
}

/** For tests: the parsed lines every logger writes until `stop()`. */
export function captureLogLines(): { lines: Record<string, unknown>[]; stop(): void } {
  const lines: Record<string, unknown>[] = [];
  rootLogger();
  capture = (line) => lines.push(JSON.parse(line) as Record<string, unknown>);
  return { lines, stop: () => (capture = undefined) };
}

/** An app's logger: lines carry its name. */
export function createLogger(name: string): Logger {
  return rootLogger().child({ name });
}

/** A component's logger (a service, a worker, a library): lines carry `component`. */
export function componentLogger(component: string): Logger {
  return rootLogger().child({ component });
}
