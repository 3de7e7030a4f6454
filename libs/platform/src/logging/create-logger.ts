import pino, { type Logger } from 'pino';

// Paths whose values never reach a log line, wherever a careless caller puts them.
const REDACT = [
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
  '*.password',
  '*.client_secret',
  '*.clientSecret',
  '*.secret',
  '*.token',
  '*.access_token',
  '*.refresh_token',
  '*.signature',
  '*.sign',
  '*.privateKey',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
];

/** Structured JSON logs on stdout; level from LOG_LEVEL (default info, silent in tests). */
export function createLogger(name: string): Logger {
  const level = process.env['LOG_LEVEL'] ?? (process.env['JEST_WORKER_ID'] ? 'silent' : 'info');
  return pino({ name, level, redact: { paths: REDACT, censor: '[redacted]' } });
}
