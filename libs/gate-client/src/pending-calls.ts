import { AbortedError, GateClientError, RpcError, TimeoutError } from './errors';

/** A JSON-RPC request this client sent or will send, until its answer or its failure. */
export interface Pending {
  message: { jsonrpc: '2.0'; id: number; method: string; params?: unknown };
  sent: boolean;
  settle(
    answer: { result?: unknown; error?: { code: number; message: string; data?: unknown } } | GateClientError,
  ): void;
}

export interface CallOptions {
  /** ms to wait for the answer (default: the client's `callTimeoutMs`). */
  timeoutMs?: number;
  /** Aborting rejects the call with `AbortedError` (a call already sent still runs at the gate). */
  signal?: AbortSignal;
}

/**
 * The calls of one request (one call, or one batch) sharing a timeout and a signal: each settles
 * once, and the last to settle clears the timer and the abort listener.
 */
export function openRequest(
  table: Map<number, Pending>,
  calls: readonly { method: string; params?: unknown }[],
  nextId: () => number,
  { timeoutMs, signal }: CallOptions & { timeoutMs: number },
): { entries: Pending[]; promises: Promise<unknown>[] } {
  let open = calls.length;
  const entries: Pending[] = [];
  const fail = (error: GateClientError) => entries.forEach((entry) => entry.settle(error));
  const onAbort = () => fail(new AbortedError('call aborted', { cause: signal?.reason }));
  const timer = setTimeout(() => fail(new TimeoutError(`no answer within ${timeoutMs} ms`)), timeoutMs);
  signal?.addEventListener('abort', onAbort);
  const promises = calls.map(
    ({ method, params }) =>
      new Promise<unknown>((resolve, reject) => {
        const id = nextId();
        let done = false;
        const entry: Pending = {
          message:
            params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params },
          sent: false,
          settle(answer) {
            if (done) return;
            done = true;
            table.delete(id);
            if (--open === 0) {
              clearTimeout(timer);
              signal?.removeEventListener('abort', onAbort);
            }
            if (answer instanceof GateClientError) reject(answer);
            else if (answer.error)
              reject(new RpcError(answer.error.code, answer.error.message, answer.error.data));
            else resolve(answer.result);
          },
        };
        table.set(id, entry);
        entries.push(entry);
      }),
  );
  if (signal?.aborted) onAbort();
  return { entries, promises };
}
