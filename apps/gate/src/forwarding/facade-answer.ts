import type { JsonRpcErrorObject, JsonRpcErrorCode } from '@gatehouse/protocol';

/** The facade's verdict on one call, passed to the client with the client's own id. */
export type FacadeAnswer = { readonly result: unknown } | { readonly error: JsonRpcErrorObject };

/** Why no verdict came back: the facade could not be reached in time (1104) or answered garbage (1107). */
export class FacadeError extends Error {
  constructor(
    readonly code: typeof JsonRpcErrorCode.FacadeUnavailable | typeof JsonRpcErrorCode.AnswerInternalError,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'FacadeError';
  }
}

/** A JSON-RPC response object from the facade, reduced to its verdict; undefined if malformed. */
export function readAnswer(value: unknown): { id: unknown; answer: FacadeAnswer } | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const response = value as Record<string, unknown>;
  if (response['jsonrpc'] !== '2.0') return undefined;
  if (Object.hasOwn(response, 'result'))
    return { id: response['id'], answer: { result: response['result'] } };
  const error = response['error'];
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message, data } = error as Record<string, unknown>;
  if (!Number.isInteger(code) || typeof message !== 'string') return undefined;
  const verdict: JsonRpcErrorObject =
    data === undefined ? { code: code as number, message } : { code: code as number, message, data };
  return { id: response['id'], answer: { error: verdict } };
}
