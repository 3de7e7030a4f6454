import { JSON_RPC_ERROR_MESSAGES, JsonRpcErrorCode, jsonRpcError } from './json-rpc-error-code';
import { JsonRpcException } from './json-rpc.exception';
import { jsonRpcFailure, jsonRpcSuccess } from './json-rpc-response.factory';
import { isJsonRpcNotification, jsonRpcRequestSchema, jsonRpcResponseSchema } from './json-rpc.schema';

describe('JSON-RPC error codes and helpers', () => {
  it('keeps the wire numbers of PROTOCOL.md 3.3', () => {
    expect(JsonRpcErrorCode).toMatchObject({
      ParseError: -32700,
      AccessDenied: 1101,
      AnswerSerializationError: 1108,
    });
    expect(Object.isFrozen(JsonRpcErrorCode)).toBe(true);
    for (const code of Object.values(JsonRpcErrorCode))
      expect(JSON_RPC_ERROR_MESSAGES[code]).toEqual(expect.any(String));
  });

  it('builds error objects with default or given messages and omits undefined data', () => {
    expect(jsonRpcError(JsonRpcErrorCode.MethodNotFound)).toEqual({
      code: -32601,
      message: 'Method not found',
    });
    expect(jsonRpcError(1105, 'gone', { channelId: 'c' })).toEqual({
      code: 1105,
      message: 'gone',
      data: { channelId: 'c' },
    });
    expect(jsonRpcError(42)).toEqual({ code: 42, message: 'Server error' });
    expect(Object.keys(jsonRpcError(-32603))).toEqual(['code', 'message']);
  });

  it('builds responses', () => {
    expect(jsonRpcSuccess(7, { a: 1 })).toEqual({ jsonrpc: '2.0', id: 7, result: { a: 1 } });
    expect(jsonRpcFailure(null, jsonRpcError(-32700))).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: 'Parse error' },
    });
  });

  it('carries the error object in JsonRpcException', () => {
    const exception = new JsonRpcException(JsonRpcErrorCode.InvalidParams, undefined, ['x']);
    expect(exception).toBeInstanceOf(Error);
    expect(exception.error).toEqual({ code: -32602, message: 'Invalid params', data: ['x'] });
    expect(JsonRpcException.fromErrorObject({ code: 1, message: 'm' }).error).toEqual({
      code: 1,
      message: 'm',
    });
  });
});

describe('jsonRpcRequestSchema', () => {
  it.each([
    { jsonrpc: '2.0', method: 'sum', params: [1, 2], id: 1 },
    { jsonrpc: '2.0', method: 'sum', params: { a: 1 }, id: 'abc' },
    { jsonrpc: '2.0', method: 'ping', id: null },
    { jsonrpc: '2.0', method: 'notify' },
  ])('accepts %j', (request) => {
    expect(jsonRpcRequestSchema.safeParse(request).success).toBe(true);
  });

  it.each([
    { jsonrpc: '1.0', method: 'x', id: 1 },
    { method: 'x', id: 1 },
    { jsonrpc: '2.0', method: 1, id: 1 },
    { jsonrpc: '2.0', method: 'x', params: 'str', id: 1 },
    { jsonrpc: '2.0', method: 'x', params: 3, id: 1 },
    { jsonrpc: '2.0', method: 'x', id: {} },
    { jsonrpc: '2.0', method: 'x', id: [1] },
    [],
    'string',
  ])('refuses %j', (request) => {
    expect(jsonRpcRequestSchema.safeParse(request).success).toBe(false);
  });

  it('tells a notification (no id) from id null', () => {
    expect(isJsonRpcNotification(jsonRpcRequestSchema.parse({ jsonrpc: '2.0', method: 'n' }))).toBe(true);
    expect(isJsonRpcNotification(jsonRpcRequestSchema.parse({ jsonrpc: '2.0', method: 'n', id: null }))).toBe(
      false,
    );
  });

  it('parses responses from a peer', () => {
    expect(jsonRpcResponseSchema.safeParse({ jsonrpc: '2.0', id: 1, result: null }).success).toBe(true);
    expect(
      jsonRpcResponseSchema.safeParse({ jsonrpc: '2.0', id: 1, error: { code: 1, message: 'x' } }).success,
    ).toBe(true);
    expect(jsonRpcResponseSchema.safeParse({ jsonrpc: '2.0', id: 1 }).success).toBe(false);
  });
});
