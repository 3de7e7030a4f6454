import { decodeMessage, decodeRequest, isCall } from './decode';
import { encodeNotification, encodeResponses, success } from './encode';

describe('decodeRequest', () => {
  it('keeps id 0, string ids and null ids, and tells notifications apart', () => {
    expect(decodeRequest({ jsonrpc: '2.0', method: 'a', id: 0 })).toEqual({
      id: 0,
      method: 'a',
      params: undefined,
    });
    expect(decodeRequest({ jsonrpc: '2.0', method: 'a', id: 'x' })).toMatchObject({ id: 'x' });
    expect(decodeRequest({ jsonrpc: '2.0', method: 'a', id: null })).toMatchObject({ id: null });
    expect(decodeRequest({ jsonrpc: '2.0', method: 'a' })).toMatchObject({ id: undefined });
  });

  it.each([
    ['a string', 'x', null],
    ['null', null, null],
    ['an array', [], null],
    ['a wrong version', { jsonrpc: '1.0', method: 'a', id: 1 }, 1],
    ['no version', { method: 'a', id: 2 }, 2],
    ['a numeric method', { jsonrpc: '2.0', method: 1, id: 3 }, 3],
    ['scalar params', { jsonrpc: '2.0', method: 'a', params: 5, id: 4 }, 4],
    ['null params', { jsonrpc: '2.0', method: 'a', params: null, id: 5 }, 5],
    ['an object id', { jsonrpc: '2.0', method: 'a', id: {} }, null],
    ['a boolean id', { jsonrpc: '2.0', method: 'a', id: true }, null],
  ])('refuses %s with -32600', (_name, value, id) => {
    const item = decodeRequest(value);
    expect(isCall(item)).toBe(false);
    expect(item).toMatchObject({ jsonrpc: '2.0', id, error: { code: -32600, message: 'Invalid Request' } });
  });

  it("echoes an invalid request's string id only up to 128 characters", () => {
    expect(decodeRequest({ jsonrpc: '1.0', method: 'a', id: 'x'.repeat(128) })).toMatchObject({
      id: 'x'.repeat(128),
    });
    expect(decodeRequest({ jsonrpc: '1.0', method: 'a', id: 'x'.repeat(129) })).toMatchObject({
      id: null,
      error: { code: -32600 },
    });
    // A valid call keeps its id whatever its length: the client needs it to match the answer.
    expect(decodeRequest({ jsonrpc: '2.0', method: 'a', id: 'x'.repeat(129) })).toMatchObject({
      id: 'x'.repeat(129),
    });
  });

  it('accepts object and array params', () => {
    expect(decodeRequest({ jsonrpc: '2.0', method: 'a', params: [1], id: 1 })).toMatchObject({ params: [1] });
    expect(decodeRequest({ jsonrpc: '2.0', method: 'a', params: { b: 1 }, id: 1 })).toMatchObject({
      params: { b: 1 },
    });
  });
});

describe('decodeMessage', () => {
  it('answers bad JSON with -32700 and id null', () => {
    expect(decodeMessage('{', 10)).toEqual({
      kind: 'reject',
      response: { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } },
    });
    expect(decodeMessage('', 10).kind).toBe('reject');
  });

  it('refuses an empty batch and a batch above the limit with one -32600', () => {
    expect(decodeMessage('[]', 10)).toMatchObject({
      kind: 'reject',
      response: { id: null, error: { code: -32600 } },
    });
    const big = JSON.stringify(
      Array.from({ length: 11 }, (_, i) => ({ jsonrpc: '2.0', method: 'a', id: i })),
    );
    expect(decodeMessage(big, 10)).toMatchObject({
      kind: 'reject',
      response: { error: { code: -32600, data: { reason: 'batch larger than 10 requests' } } },
    });
  });

  it('splits a batch into calls and ready errors', () => {
    const decoded = decodeMessage('[1,{"jsonrpc":"2.0","method":"a","id":1}]', 10);
    expect(decoded.kind).toBe('batch');
    if (decoded.kind === 'batch') expect(decoded.items.map(isCall)).toEqual([false, true]);
  });
});

describe('encode', () => {
  it('turns an unserializable result into 1108 for that id only', () => {
    const text = encodeResponses([success(1, { n: BigInt(1) }), success(2, 'ok')]);
    expect(JSON.parse(text)).toEqual([
      { jsonrpc: '2.0', id: 1, error: { code: 1108, message: 'The answer could not be serialized' } },
      { jsonrpc: '2.0', id: 2, result: 'ok' },
    ]);
  });

  it('writes notifications with or without params', () => {
    expect(JSON.parse(encodeNotification('sign', { secret: 's' }))).toEqual({
      jsonrpc: '2.0',
      method: 'sign',
      params: { secret: 's' },
    });
    expect(JSON.parse(encodeNotification('ping', undefined))).toEqual({ jsonrpc: '2.0', method: 'ping' });
  });
});
