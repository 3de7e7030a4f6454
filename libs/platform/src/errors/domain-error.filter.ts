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
  const answer = failureAnswerer(table, shape);

  @Catch()
  class DomainErrorFilter implements ExceptionFilter {
    catch(thrown: unknown, host: ArgumentsHost): void {
      if (host.getType() !== 'http') throw thrown;
      const http = host.switchToHttp();
      const { headers } = http.getRequest<{ headers?: IncomingHttpHeaders }>();
      answer(thrown, http.getResponse<HttpReply>(), headers);
    }
  }
  return DomainErrorFilter;
}

/**
 * What `domainErrorFilter` does with a thrown value, for handlers outside Nest's pipeline (a
 * platform direct route): the same table, the same body shapes, the same logging of the unknown.
 */
export function failureAnswerer<C extends string>(
  table: ErrorTable<C> | undefined,
  shape: ErrorShape = 'problem',
): (thrown: unknown, reply: HttpReply, requestHeaders?: IncomingHttpHeaders) => void {
  const logger = componentLogger('errors');
  const errorName = table?.oauthError?.bind(table);
  return (thrown, reply, requestHeaders) => {
    const failure = toFailure(thrown, table, logger);
    if (replyStarted(reply)) return;
    writeFailure(reply, failure, shape, requestHeaders, errorName);
  };
}
