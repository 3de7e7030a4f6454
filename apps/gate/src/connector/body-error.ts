import type { HttpReply } from '@gatehouse/platform';
import { JsonRpcErrorCode } from '@gatehouse/protocol';
import { encodeResponses, failureCode } from '../jsonrpc';

/**
 * The connector speaks JSON-RPC even about a body it could not read: -32700, or -32600 when too
 * large. A body over the limit is not read to its end, so the connection closes rather than drain it.
 */
export function writeBodyError(_req: unknown, reply: HttpReply, status: number, detail: string): void {
  const code = status === 413 ? JsonRpcErrorCode.InvalidRequest : JsonRpcErrorCode.ParseError;
  if (status === 413) reply.header('Connection', 'close');
  reply
    .status(status)
    .header('Content-Type', 'application/json; charset=utf-8')
    .send(encodeResponses(failureCode(null, code, undefined, { reason: detail })));
}
