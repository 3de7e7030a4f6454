import { JsonRpcErrorCode } from '@gatehouse/protocol';
import { type FacadeAnswer, FacadeError, readAnswer } from './facade-answer';
import type { PendingCall } from './pending-call';

/** What became of one HTTP request's calls: each settled, or a batch the facade refused (none settled). */
export type HttpOutcome = 'settled' | 'batch-refused';

/**
 * Settles the calls of one HTTP request (a single call, or a batch) from the facade's answer.
 *
 * Only a 2xx carries verdicts. Any other status (a proxy's 502 page, a dying facade's 503 problem
 * JSON, a 401 for a stale token) says the call was not passed on: 1104, whatever the body, so a
 * client never mistakes it for the facade's answer or for garbage (1107). The one exception is a
 * batch answered with a single -32600: a facade without batch support, where nothing ran, so the
 * caller may send the calls again one by one.
 */
export function settleHttpAnswer(chunk: readonly PendingCall[], status: number, text: string): HttpOutcome {
  const ok = status >= 200 && status < 300;
  const calls = chunk.filter((p) => p.id !== undefined);
  if (calls.length === 0) {
    if (ok) for (const p of chunk) p.resolve(undefined);
    else rejectAll(chunk, unavailable(`facade answered HTTP ${status}`));
    return 'settled';
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const code = ok ? JsonRpcErrorCode.AnswerInternalError : JsonRpcErrorCode.FacadeUnavailable;
    rejectAll(chunk, new FacadeError(code, `facade answered HTTP ${status} without JSON-RPC`));
    return 'settled';
  }
  if (chunk.length > 1 && !Array.isArray(parsed)) {
    const read = readAnswer(parsed);
    if (read && 'error' in read.answer && read.answer.error.code === JsonRpcErrorCode.InvalidRequest)
      return 'batch-refused';
    rejectAll(
      chunk,
      ok
        ? new FacadeError(
            JsonRpcErrorCode.AnswerInternalError,
            'facade answered a batch with a single object',
          )
        : unavailable(`facade answered HTTP ${status}`),
    );
    return 'settled';
  }
  if (!ok) {
    rejectAll(chunk, unavailable(`facade answered HTTP ${status}`));
    return 'settled';
  }
  matchAnswers(chunk, calls.length, Array.isArray(parsed) ? parsed : [parsed]);
  return 'settled';
}

/**
 * Gives each call the answer with its id; notifications resolve empty. A lone call answered with
 * id null (the facade could not read it) still gets that error; a call without an answer gets 1107.
 */
function matchAnswers(chunk: readonly PendingCall[], calls: number, answers: readonly unknown[]): void {
  const byId = new Map<unknown, FacadeAnswer>();
  let orphan: FacadeAnswer | undefined;
  for (const value of answers) {
    const read = readAnswer(value);
    if (!read) continue;
    if (read.id === null) orphan = read.answer;
    else byId.set(read.id, read.answer);
  }
  for (const p of chunk) {
    if (p.id === undefined) {
      p.resolve(undefined);
      continue;
    }
    const answer = byId.get(p.id) ?? (calls === 1 ? orphan : undefined);
    if (answer) p.resolve(answer);
    else
      p.reject(new FacadeError(JsonRpcErrorCode.AnswerInternalError, 'facade answer missing or malformed'));
  }
}

export function rejectAll(chunk: readonly PendingCall[], error: FacadeError): void {
  for (const p of chunk) p.reject(error);
}

function unavailable(reason: string): FacadeError {
  return new FacadeError(JsonRpcErrorCode.FacadeUnavailable, reason);
}
