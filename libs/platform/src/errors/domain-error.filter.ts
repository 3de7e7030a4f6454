import type { IncomingHttpHeaders } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, type Type } from '@nestjs/common';
import { type HttpReply, replyStarted } from '../http/http-reply';
import { componentLogger } from '../logging/logger';
import type { ErrorTable } from './error-table';
import { toFailure } from './failure';
import { type ErrorShape, writeFailure } from './write-failure';

/**
 * An app's one error filter, made from its code table: `@UseFilters(domainErrorFilter(table))`,
 * or with `'oauth'` on the OAuth endpoints. Problem JSON (RFC 9457) unless told otherwise.
 */
export function domainErrorFilter<C extends string>(
  table: ErrorTable<C> | undefined,
  shape: ErrorShape = 'problem',
): Type<ExceptionFilter> {
  const logger = componentLogger('errors');

  @Catch()
  class DomainErrorFilter implements ExceptionFilter {
    catch(thrown: unknown, host: ArgumentsHost): void {
      if (host.getType() !== 'http') throw thrown;
      const http = host.switchToHttp();
      const reply = http.getResponse<HttpReply>();
      const failure = toFailure(thrown, table, logger);
      if (replyStarted(reply)) return;
      const headers = http.getRequest<{ headers?: IncomingHttpHeaders }>().headers;
      writeFailure(reply, failure, shape, headers, table?.oauthError?.bind(table));
    }
  }
  return DomainErrorFilter;
}
