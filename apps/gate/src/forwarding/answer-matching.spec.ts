import { JsonRpcErrorCode } from '@gatehouse/protocol';
import { settleHttpAnswer } from './answer-matching';
import type { FacadeAnswer, FacadeError } from './facade-answer';
import type { PendingCall } from './pending-call';

type Settled = { answer?: FacadeAnswer | undefined; error?: FacadeError };

function pending(id: number | undefined): PendingCall & { settled: Settled | undefined } {
  const p = {
    id,
    method: 'echo',
    text: '',
    key: undefined,
    settled: undefined as Settled | undefined,
    resolve: (answer: FacadeAnswer | undefined) => (p.settled = { answer }),
    reject: (error: FacadeError) => (p.settled = { error }),
  };
  return p;
}

describe('settleHttpAnswer', () => {
  it('gives each call of a batch the answer with its id, in any order, and a missing one 1107', () => {
    const [a, b, c, n] = [pending(1), pending(2), pending(3), pending(undefined)];
    const text = JSON.stringify([
      { jsonrpc: '2.0', id: 2, error: { code: -32601, message: 'Method not found' } },
      { jsonrpc: '2.0', id: 1, result: 'one' },
    ]);
    expect(settleHttpAnswer([a, b, c, n], 200, text)).toBe('settled');
    expect(a.settled).toEqual({ answer: { result: 'one' } });
    expect(b.settled).toEqual({ answer: { error: { code: -32601, message: 'Method not found' } } });
    expect(c.settled?.error?.code).toBe(JsonRpcErrorCode.AnswerInternalError);
    expect(n.settled).toEqual({ answer: undefined });
  });

  it('gives a lone call the error answered with id null', () => {
    const a = pending(7);
    settleHttpAnswer([a], 200, '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}');
    expect(a.settled).toEqual({ answer: { error: { code: -32700, message: 'Parse error' } } });
  });

  it('reads any status but 2xx as 1104, whatever the body', () => {
    const [a, n] = [pending(1), pending(undefined)];
    settleHttpAnswer([a], 401, '{"jsonrpc":"2.0","id":1,"result":"not this"}');
    expect(a.settled?.error).toMatchObject({
      code: JsonRpcErrorCode.FacadeUnavailable,
      reason: 'facade answered HTTP 401',
    });
    settleHttpAnswer([n], 503, '');
    expect(n.settled?.error?.code).toBe(JsonRpcErrorCode.FacadeUnavailable);
  });

  it('reads a 2xx without JSON as 1107 and a non-2xx without JSON as 1104', () => {
    const [a, b] = [pending(1), pending(2)];
    settleHttpAnswer([a], 200, '<html>');
    settleHttpAnswer([b], 502, '<html>');
    expect(a.settled?.error?.code).toBe(JsonRpcErrorCode.AnswerInternalError);
    expect(b.settled?.error?.code).toBe(JsonRpcErrorCode.FacadeUnavailable);
  });

  it('reports a batch refused with -32600 and settles none of it; any other single object is 1107', () => {
    const [a, b] = [pending(1), pending(2)];
    const refused = '{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request"}}';
    expect(settleHttpAnswer([a, b], 400, refused)).toBe('batch-refused');
    expect(a.settled).toBeUndefined();
    expect(settleHttpAnswer([a, b], 200, '{"jsonrpc":"2.0","id":1,"result":1}')).toBe('settled');
    expect(b.settled?.error?.code).toBe(JsonRpcErrorCode.AnswerInternalError);
  });
});
