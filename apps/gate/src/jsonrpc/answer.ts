import { type JsonRpcFailure, type JsonRpcResponse, JsonRpcErrorCode } from '@gatehouse/protocol';
import { type Decoded, type DecodedItem, type JsonRpcCall, isCall } from './decode';
import { encodeResponses, failureCode } from './encode';

/** What handling one call gives: an answer now, an answer later, or nothing (notifications). */
export type Outcome = JsonRpcResponse | undefined | Promise<JsonRpcResponse | undefined>;

/**
 * Runs one decoded message (section 6): a single call is answered as soon as it finishes, a batch
 * once every member has, in one array; notifications are run but never answered, and a batch of
 * notifications only gets no reply at all. Sync outcomes stay sync, so a local method costs no
 * promise. `reply` receives the text to send; the promise (only when something was async) settles
 * once everything is answered. `invalid` sees each ready error (a bad frame, a bad batch member)
 * before it is sent and may charge for it or replace it.
 */
export function answerMessage(
  decoded: Decoded,
  invoke: (call: JsonRpcCall) => Outcome,
  reply: (text: string) => void,
  invalid: (failure: JsonRpcFailure) => JsonRpcResponse = (failure) => failure,
): void | Promise<void> {
  switch (decoded.kind) {
    case 'reject':
      reply(encodeResponses(invalid(decoded.response)));
      return;
    case 'single': {
      const { item } = decoded;
      if (!isCall(item)) return reply(encodeResponses(invalid(item)));
      const outcome = safeInvoke(invoke, item);
      if (outcome instanceof Promise) return outcome.then((response) => answerIfCall(item, response, reply));
      return answerIfCall(item, outcome, reply);
    }
    case 'batch':
      return answerBatch(decoded.items, invoke, reply, invalid);
  }
}

function answerBatch(
  items: readonly DecodedItem[],
  invoke: (call: JsonRpcCall) => Outcome,
  reply: (text: string) => void,
  invalid: (failure: JsonRpcFailure) => JsonRpcResponse,
): void | Promise<void> {
  const answers: JsonRpcResponse[] = [];
  const pending: Promise<void>[] = [];
  for (const item of items) {
    if (!isCall(item)) {
      answers.push(invalid(item));
      continue;
    }
    const outcome = safeInvoke(invoke, item);
    const keep = (response: JsonRpcResponse | undefined): void => {
      if (response !== undefined && item.id !== undefined) answers.push(response);
    };
    if (outcome instanceof Promise) pending.push(outcome.then(keep));
    else keep(outcome);
  }
  const finish = (): void => {
    if (answers.length > 0) reply(encodeResponses(answers));
  };
  if (pending.length === 0) return finish();
  return Promise.all(pending).then(finish);
}

function answerIfCall(
  call: JsonRpcCall,
  response: JsonRpcResponse | undefined,
  reply: (text: string) => void,
): void {
  if (call.id !== undefined && response !== undefined) reply(encodeResponses(response));
}

/** A handler that throws or rejects is a bug; the client still gets -32603 for its id. */
function safeInvoke(invoke: (call: JsonRpcCall) => Outcome, call: JsonRpcCall): Outcome {
  const internal = (): JsonRpcResponse => failureCode(call.id ?? null, JsonRpcErrorCode.InternalError);
  try {
    const outcome = invoke(call);
    return outcome instanceof Promise ? outcome.catch(internal) : outcome;
  } catch {
    return internal();
  }
}
