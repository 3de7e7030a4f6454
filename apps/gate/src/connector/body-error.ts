import { JsonRpcErrorCode } from '@gatehouse/protocol';
import type { Request, Response } from 'express';
import { encodeResponses, failureCode } from '../jsonrpc';

/** The connector speaks JSON-RPC even about a body it could not read: -32700, or -32600 when too large. */
export function writeBodyError(_req: Request, res: Response, status: number, detail: string): void {
  const code = status === 413 ? JsonRpcErrorCode.InvalidRequest : JsonRpcErrorCode.ParseError;
  res
    .status(status)
    .type('application/json')
    .send(encodeResponses(failureCode(null, code, undefined, { reason: detail })));
}
