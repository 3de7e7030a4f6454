import { JsonRpcException, type OpenRpcDocument } from '@gatehouse/protocol';
import { openRpcProblems } from '@gatehouse/testing';
import { z } from 'zod';
import { JsonRpcDispatcher, MAX_BATCH } from './json-rpc-dispatcher';
import type { RpcMethod } from './rpc-method';

const method = (name: string, call: (params: unknown) => unknown): RpcMethod => ({ name, call });

describe('JsonRpcDispatcher', () => {
  const internal: string[] = [];
  const dispatcher = new JsonRpcDispatcher(
    [
      method('sum', (p) => (p as number[]).reduce((a, b) => a + b, 0)),
      method('nothing', () => undefined),
      method('denied', () => {
        throw new JsonRpcException(1101, 'no', { why: 'test' });
      }),
      method('crash', () => {
        throw new Error('secret detail');
      }),
    ],
    (name) => internal.push(name),
  );

  it('answers a call with its id, keeping 0 and string ids', async () => {
    await expect(
      dispatcher.handle({ jsonrpc: '2.0', method: 'sum', params: [1, 2], id: 0 }),
    ).resolves.toEqual({ jsonrpc: '2.0', id: 0, result: 3 });
    await expect(dispatcher.handle({ jsonrpc: '2.0', method: 'nothing', id: 'a' })).resolves.toEqual({
      jsonrpc: '2.0',
      id: 'a',
      result: null,
    });
  });

  it('never answers notifications, even failing ones', async () => {
    await expect(dispatcher.handle({ jsonrpc: '2.0', method: 'sum', params: [1] })).resolves.toBeUndefined();
    await expect(dispatcher.handle({ jsonrpc: '2.0', method: 'nope' })).resolves.toBeUndefined();
    await expect(dispatcher.handle([{ jsonrpc: '2.0', method: 'crash' }])).resolves.toBeUndefined();
  });

  it('maps errors: unknown method, JsonRpcException verbatim, anything else -32603 without detail', async () => {
    await expect(dispatcher.handle({ jsonrpc: '2.0', method: 'nope', id: 1 })).resolves.toMatchObject({
      error: { code: -32601 },
    });
    await expect(dispatcher.handle({ jsonrpc: '2.0', method: 'denied', id: 2 })).resolves.toEqual({
      jsonrpc: '2.0',
      id: 2,
      error: { code: 1101, message: 'no', data: { why: 'test' } },
    });
    const crash = await dispatcher.handle({ jsonrpc: '2.0', method: 'crash', id: 3 });
    expect(crash).toEqual({ jsonrpc: '2.0', id: 3, error: { code: -32603, message: 'Internal error' } });
    expect(internal).toContain('crash');
  });

  it.each([
    [{ jsonrpc: '2.0', method: 1, params: 'bar' }],
    [{ method: 'sum', id: 1 }],
    [{ jsonrpc: '2.0', method: 'sum', params: 'x', id: 1 }],
    ['foo'],
    [undefined],
  ])('invalid request %p -> -32600 with id null', async (body) => {
    await expect(dispatcher.handle(body)).resolves.toMatchObject({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32600 },
    });
  });

  it('handles batches as the spec examples do', async () => {
    await expect(dispatcher.handle([])).resolves.toMatchObject({ id: null, error: { code: -32600 } });
    const three = await dispatcher.handle([1, 2, 3]);
    expect(three).toHaveLength(3);
    const mixed = await dispatcher.handle([
      { jsonrpc: '2.0', method: 'sum', params: [1, 2, 4], id: '1' },
      { jsonrpc: '2.0', method: 'nothing' },
      { foo: 'boo' },
      { jsonrpc: '2.0', method: 'nope', id: '5' },
    ]);
    expect(mixed).toEqual([
      { jsonrpc: '2.0', id: '1', result: 7 },
      { jsonrpc: '2.0', id: null, error: expect.objectContaining({ code: -32600 }) },
      { jsonrpc: '2.0', id: '5', error: expect.objectContaining({ code: -32601 }) },
    ]);
    await expect(dispatcher.handle(Array.from({ length: MAX_BATCH + 1 }, () => 1))).resolves.toMatchObject({
      error: { code: -32600 },
    });
  });
});

describe('JsonRpcDispatcher rpc.discover', () => {
  const described: RpcMethod = {
    name: 'greet',
    description: { summary: 'Says hello', params: z.object({ name: z.string() }), result: z.string() },
    call: () => 'hello',
  };
  const dispatcher = new JsonRpcDispatcher([described, method('hidden', () => 1)], undefined, {
    title: 'test facade',
    version: '2.0.0',
  });

  it('answers with an OpenRPC document of the described methods that the meta-schema accepts', async () => {
    const answer = (await dispatcher.handle({ jsonrpc: '2.0', method: 'rpc.discover', id: 1 })) as {
      result: OpenRpcDocument;
    };
    expect(answer.result.info).toEqual({ title: 'test facade', version: '2.0.0' });
    expect(answer.result.methods.map((m) => m.name)).toEqual(['greet']);
    expect(answer.result.methods[0]!.params).toEqual([
      { name: 'name', required: true, schema: { type: 'string' } },
    ]);
    expect(await openRpcProblems(answer.result)).toEqual([]);
  });
});
