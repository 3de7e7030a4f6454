import { JsonRpcErrorCode, jsonRpcError, jsonRpcFailure } from '@gatehouse/protocol';
import type { Request, Response } from 'express';

/**
 * A body the parsers refuse still gets a JSON-RPC answer: -32700 for malformed JSON, -32600 for
 * one over the size limit (spec section 5.1; `id` is null because it could not be read).
 */
export function onBodyError(_req: Request, res: Response, status: number, detail: string): void {
  const code = status === 413 ? JsonRpcErrorCode.InvalidRequest : JsonRpcErrorCode.ParseError;
  res.status(200).json(jsonRpcFailure(null, jsonRpcError(code, undefined, detail)));
}

export const facadeHttpOptions = { name: 'facade', bodyLimit: '256kb', onBodyError } as const;
