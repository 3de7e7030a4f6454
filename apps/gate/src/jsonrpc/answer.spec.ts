import type { JsonRpcResponse } from '@gatehouse/protocol';
import { jsonRpcSpecExamples, sortJsonRpcAnswers as sortAnswers } from '@gatehouse/testing';
import { specMethod } from '../../test/support/spec-examples';
import { answerMessage, type Outcome } from './answer';
import { decodeMessage, type JsonRpcCall } from './decode';
import { failureCode, success } from './encode';

/** The codec with the spec's example server, sync or async to cover both paths. */
function run(text: string, async: boolean): Promise<unknown> {
  return new Promise((resolve) => {
    const invoke = (call: JsonRpcCall): Outcome => {
      const out = specMethod(call.method, call.params);
      const response: JsonRpcResponse =
        'result' in out
          ? success(call.id ?? null, out.result)
          : failureCode(call.id ?? null, out.error.code, out.error.message);
      return async ? new Promise((r) => setTimeout(() => r(response), Math.random() * 5)) : response;
    };
    void answerMessage(decodeMessage(text, 100), invoke, (reply) => resolve(JSON.parse(reply)));
    setTimeout(() => resolve(undefined), 30);
  });
}

describe('JSON-RPC 2.0 section 7 examples through the codec', () => {
  for (const async of [false, true]) {
    describe(async ? 'async handlers' : 'sync handlers', () => {
      it.each(jsonRpcSpecExamples().map((e) => [e.name, e] as const))('%s', async (_name, example) => {
        const answer = await run(example.send, async);
        if (Array.isArray(example.expect)) {
          expect(sortAnswers(answer)).toEqual(sortAnswers(example.expect));
          expect((answer as unknown[]).length).toBe(example.expect.length);
        } else {
          expect(answer).toEqual(example.expect);
        }
      });
    });
  }

  it('answers -32603 for a handler that throws or rejects, keeping the id', async () => {
    const replies: unknown[] = [];
    void answerMessage(
      decodeMessage('{"jsonrpc":"2.0","method":"x","id":7}', 10),
      () => {
        throw new Error('bug');
      },
      (r) => replies.push(JSON.parse(r)),
    );
    void answerMessage(
      decodeMessage('{"jsonrpc":"2.0","method":"x","id":8}', 10),
      () => Promise.reject(new Error('bug')),
      (r) => replies.push(JSON.parse(r)),
    );
    await new Promise((r) => setImmediate(r));
    expect(replies).toEqual([
      expect.objectContaining({ id: 7, error: expect.objectContaining({ code: -32603 }) }),
      expect.objectContaining({ id: 8, error: expect.objectContaining({ code: -32603 }) }),
    ]);
  });

  it('never answers a notification, even one that fails', () => {
    const replies: string[] = [];
    void answerMessage(
      decodeMessage('{"jsonrpc":"2.0","method":"x"}', 10),
      () => failureCode(null, 1101),
      (r) => replies.push(r),
    );
    expect(replies).toEqual([]);
  });
});
