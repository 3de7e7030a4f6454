import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';
import { StartupError } from '../startup/startup-error';

/** Nest's own messages (routes mapped, lifecycle, uncaught errors) as pino JSON lines. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }

  error(message: unknown, trace?: string, context?: string): void {
    // Nest reports a failed start here before rethrowing it; `runMain` prints an operator's
    // start-up error as one plain line, so it is not logged twice, once with a stack.
    if (message instanceof StartupError) return;
    this.logger.error({ context, trace }, message instanceof Error ? message.message : String(message));
  }

  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }

  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }

  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
