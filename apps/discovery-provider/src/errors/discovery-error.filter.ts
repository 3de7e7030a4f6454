import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DATABASE_RETRY_AFTER_SEC, isDatabaseUnavailable } from '@gatehouse/persistence';
import { DiscoveryError } from './discovery.error';
import { DiscoveryErrorCode } from './discovery-error-code';
import { statusOf } from './discovery-error-status';

export interface DiscoveryErrorBody {
  error: string;
  message: string;
}

/**
 * The one place provider errors become HTTP: `{error, message}` with a stable code. Framework
 * exceptions (guards, validation, body parser) get the same shape; an unreachable database is a
 * 503 `temporarily_unavailable` with `Retry-After` (a register or an admin call may succeed once it
 * is back); anything else is a logged 500 that leaks nothing.
 */
@Catch()
export class DiscoveryErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('DiscoveryErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    const { status, body } = this.answer(exception);
    response.setHeader('Cache-Control', 'no-store');
    if (status === 503) response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SEC));
    response.status(status).json(body);
  }

  private answer(exception: unknown): { status: number; body: DiscoveryErrorBody } {
    if (exception instanceof DiscoveryError) {
      return {
        status: statusOf(exception.code),
        body: { error: exception.code, message: exception.description },
      };
    }
    if (exception instanceof HttpException && exception.getStatus() !== 500) {
      const status = exception.getStatus();
      return { status, body: { error: frameworkCode(status), message: messageOf(exception) } };
    }
    if (isDatabaseUnavailable(exception)) {
      return {
        status: 503,
        body: {
          error: DiscoveryErrorCode.TemporarilyUnavailable,
          message: 'the provider cannot reach its database; retry later',
        },
      };
    }
    const status = httpErrorStatus(exception);
    if (status !== undefined)
      return { status, body: { error: frameworkCode(status), message: 'malformed request body' } };
    this.logger.error({ err: exception }, 'unhandled error');
    return { status: 500, body: { error: 'server_error', message: 'internal error' } };
  }
}

function frameworkCode(status: number): DiscoveryErrorCode {
  if (status === 401) return DiscoveryErrorCode.Unauthorized;
  if (status === 403) return DiscoveryErrorCode.Forbidden;
  if (status === 404) return DiscoveryErrorCode.NotFound;
  if (status === 413) return DiscoveryErrorCode.PayloadTooLarge;
  if (status === 503) return DiscoveryErrorCode.TemporarilyUnavailable;
  return DiscoveryErrorCode.InvalidRequest;
}

function messageOf(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'object' && body !== null) {
    const fields = body as Record<string, unknown>;
    for (const key of ['error_description', 'detail', 'message']) {
      const value = fields[key];
      if (typeof value === 'string') return value;
      if (Array.isArray(value)) return value.map(String).join('; ');
    }
  }
  return exception.message;
}

/** body-parser errors (bad JSON, too large) carry a 4xx `status` and reach filters unwrapped. */
function httpErrorStatus(exception: unknown): number | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const status = (exception as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
