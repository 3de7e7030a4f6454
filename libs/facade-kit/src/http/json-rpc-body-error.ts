import { type ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { JsonRpcErrorCode, jsonRpcError, jsonRpcFailure } from '@gatehouse/protocol';

/** The part of a response express's `Response` and fastify's `FastifyReply` share. */
export interface JsonRpcReply {
  status(code: number): this;
  header(name: string, value: string): this;
  send(body?: unknown): unknown;
}

/**
 * A body the parsers refused still gets a JSON-RPC answer: -32700 for malformed JSON, -32600 for
 * one over the size limit (spec section 5.1; `id` is null because it could not be read). Exported
 * for apps that answer refused bodies themselves, before Nest sees them.
 */
export function writeJsonRpcBodyError(reply: JsonRpcReply, status: number, detail: string): void {
  const code = status === 413 ? JsonRpcErrorCode.InvalidRequest : JsonRpcErrorCode.ParseError;
  reply
    .status(200)
    .header('Content-Type', 'application/json')
    .send(jsonRpcFailure(null, jsonRpcError(code, undefined, detail)));
}

/**
 * Nest maps the body parsers' errors to an HttpException whose `cause` is the parser's error:
 * body-parser marks its own with `type: 'entity.*'`, fastify's content-type parser with a
 * `FST_ERR_CTP_*` code or a SyntaxError. Nothing else is a refused body.
 */
function refusedBody(exception: HttpException): boolean {
  const cause = exception.cause as { type?: unknown; code?: unknown } | undefined;
  if (typeof cause !== 'object' || cause === null) return false;
  if (cause instanceof SyntaxError) return true;
  return (
    (typeof cause.type === 'string' && cause.type.startsWith('entity.')) ||
    (typeof cause.code === 'string' && cause.code.startsWith('FST_ERR_CTP_'))
  );
}

/**
 * Without this, a malformed body sent to a facade gets Nest's 400 `{statusCode, message}`, which
 * no JSON-RPC client reads. Every other exception goes on to Nest's own handling unchanged.
 */
@Catch(HttpException)
export class JsonRpcBodyErrorFilter extends BaseExceptionFilter {
  override catch(exception: HttpException, host: ArgumentsHost): void {
    if (host.getType() !== 'http' || !refusedBody(exception)) return super.catch(exception, host);
    const status = exception.getStatus();
    writeJsonRpcBodyError(
      host.switchToHttp().getResponse<JsonRpcReply>(),
      status,
      status === 413 ? 'body too large' : 'body is not valid JSON',
    );
  }
}
