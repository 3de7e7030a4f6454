import { writeJsonRpcBodyError } from '@gatehouse/facade-kit';
import type { Request, Response } from 'express';

/** A body the parsers refuse still gets a JSON-RPC answer (-32700, or -32600 when too large). */
export function onBodyError(_req: Request, res: Response, status: number, detail: string): void {
  writeJsonRpcBodyError(res, status, detail);
}

export const facadeHttpOptions = { name: 'facade', bodyLimit: '256kb', onBodyError } as const;
