import type { IncomingHttpHeaders } from 'node:http';
import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
  UseFilters,
} from '@nestjs/common';
import { DATABASE_RETRY_AFTER_SEC, isDatabaseUnavailable } from '@gatehouse/persistence';
import type { HttpReply } from '@gatehouse/platform';
import { AuthError } from './auth.error';
import { AuthErrorCode } from './auth-error-code';
import { statusOf } from './auth-error-status';

export interface OAuthErrorBody {
  error: string;
  error_description: string;
}

/**
 * The one place auth errors become HTTP: RFC 6749 §5.2 bodies, `no-store`, `WWW-Authenticate`
 * when a Basic-authenticated client failed, `Retry-After` when throttled. Framework exceptions on
 * these routes (guards, throttler, bad bodies) get the same shape; an unreachable database is a 503
 * `temporarily_unavailable` with `Retry-After` (the request may succeed once it is back); anything
 * else is a logged 500 that leaks nothing.
 */
@Catch()
export class AuthErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('AuthErrorFilter');

  catch(thrown: unknown, host: ArgumentsHost): void {
    const exception = isDatabaseUnavailable(thrown) ? databaseUnavailable(thrown) : thrown;
    const http = host.switchToHttp();
    const request = http.getRequest<{ headers: IncomingHttpHeaders }>();
    // Written through the calls express and fastify share (the app runs on fastify).
    const response = http.getResponse<HttpReply>();
    const { status, body } = this.answer(exception);
    response.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
    if (exception instanceof AuthError && exception.retryAfterSec !== undefined) {
      response.header('Retry-After', String(Math.max(1, Math.ceil(exception.retryAfterSec))));
    }
    if (status === 401 && body.error === AuthErrorCode.InvalidClient && usedBasic(request.headers)) {
      response.header('WWW-Authenticate', 'Basic realm="gatehouse", charset="UTF-8"');
    }
    response.status(status).send(body);
  }

  private answer(exception: unknown): { status: number; body: OAuthErrorBody } {
    if (exception instanceof AuthError) {
      return {
        status: statusOf(exception.code),
        body: { error: exception.code, error_description: exception.description },
      };
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      return { status, body: { error: frameworkCode(status), error_description: exception.message } };
    }
    this.logger.error({ err: exception }, 'unhandled error');
    return { status: 500, body: { error: 'server_error', error_description: 'internal error' } };
  }
}

/** Applies the filter to a controller or handler: `@OAuthErrors()`. */
export const OAuthErrors = (): MethodDecorator & ClassDecorator => UseFilters(AuthErrorFilter);

function databaseUnavailable(cause: unknown): AuthError {
  return new AuthError(
    AuthErrorCode.TemporarilyUnavailable,
    'the service cannot reach its database; retry later',
    {
      retryAfterSec: DATABASE_RETRY_AFTER_SEC,
      cause,
    },
  );
}

function frameworkCode(status: number): string {
  if (status === 401) return 'invalid_token';
  if (status === 403) return AuthErrorCode.AccessDenied;
  if (status === 404) return AuthErrorCode.NotFound;
  if (status === 429) return AuthErrorCode.TooManyRequests;
  return AuthErrorCode.InvalidRequest;
}

function usedBasic(headers: IncomingHttpHeaders): boolean {
  return /^basic\s/i.test(headers.authorization ?? '');
}
