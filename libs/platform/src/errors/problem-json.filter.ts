import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Inject,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { DATABASE_RETRY_AFTER_SEC, isDatabaseUnavailable } from '@gatehouse/persistence';
import { type HttpReply, replyStarted } from '../http/http-reply';
import { PLATFORM_LOGGER } from '../platform.options';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
}

/**
 * Last resort for errors no app filter claimed: RFC 9457 problem JSON. A client mistake keeps its
 * 4xx; an unreachable database is a 503 with `Retry-After` (retrying later may succeed); anything
 * unknown becomes a logged 500 whose body reveals nothing of the cause.
 */
@Catch()
export class ProblemJsonFilter implements ExceptionFilter {
  constructor(@Inject(PLATFORM_LOGGER) private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const res = host.switchToHttp().getResponse<HttpReply>();
    const problem = this.toProblem(error);
    if (replyStarted(res)) return;
    if (problem.status === 503) res.header('Retry-After', String(DATABASE_RETRY_AFTER_SEC));
    res.status(problem.status).header('Content-Type', 'application/problem+json').send(problem);
  }

  private toProblem(error: unknown): ProblemBody {
    if (error instanceof HttpException) return httpProblem(error);
    if (isDatabaseUnavailable(error)) {
      return {
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail: 'the database is unreachable; retry later',
        code: 'temporarily_unavailable',
      };
    }
    this.logger.error({ err: error }, 'unhandled error');
    return { type: 'about:blank', title: 'Internal Server Error', status: 500, code: 'internal_error' };
  }
}

/** An HttpException as problem JSON: its status, and `code`/`message` of its body when it has them. */
export function httpProblem(error: HttpException): ProblemBody {
  const status = error.getStatus();
  const body = error.getResponse();
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const detail =
    typeof fields['detail'] === 'string' ? fields['detail'] : messageOf(fields['message'] ?? body);
  const code = typeof fields['code'] === 'string' ? fields['code'] : codeFor(status);
  return { type: 'about:blank', title: HttpStatus[status] ?? 'Error', status, detail, code };
}

function messageOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(String).join('; ');
  return undefined;
}

function codeFor(status: number): string {
  const name = HttpStatus[status];
  return name ? name.toLowerCase() : 'error';
}
