import { openRpcProblems } from '@gatehouse/testing';
import { z } from 'zod';
import { JsonRpcErrorCode } from '../jsonrpc/json-rpc-error-code';
import { describeMethod } from './describe-method';
import { describedMethods, mergeMethods, methodsOf, openRpcDocument } from './openrpc-document';

const subscribe = describeMethod('subscribe', {
  summary: 'Start a ticker',
  params: z.object({
    count: z.number().int().min(1).default(3).describe('how many pushes'),
    intervalMs: z.number().int(),
  }),
  result: z.object({ subscribed: z.literal('ticker') }),
  errors: [JsonRpcErrorCode.InvalidParams, { code: -32001, message: 'too many subscriptions' }],
  notifications: [
    { method: 'ticker', summary: 'one tick', params: z.object({ result: z.object({ seq: z.number() }) }) },
  ],
});

describe('OpenRPC descriptions from zod schemas', () => {
  it('turns an object schema into named params, optional where the caller may leave a field out', () => {
    expect(subscribe.paramStructure).toBe('by-name');
    expect(subscribe.params).toEqual([
      {
        name: 'count',
        required: false,
        description: 'how many pushes',
        schema: expect.objectContaining({ type: 'integer', default: 3, minimum: 1 }),
      },
      { name: 'intervalMs', required: true, schema: expect.objectContaining({ type: 'integer' }) },
    ]);
    expect(subscribe.result).toEqual({
      name: 'result',
      schema: expect.objectContaining({ type: 'object', required: ['subscribed'] }),
    });
    expect(JSON.stringify(subscribe)).not.toContain('$schema');
  });

  it('gives standard codes their standard message and keeps pushes as an x- extension', () => {
    expect(subscribe.errors).toEqual([
      { code: -32602, message: 'Invalid params' },
      { code: -32001, message: 'too many subscriptions' },
    ]);
    expect(subscribe['x-notifications']).toEqual([
      { method: 'ticker', summary: 'one tick', params: expect.objectContaining({ type: 'object' }) },
    ]);
  });

  it('refuses a non-standard code without a message', () => {
    expect(() => describeMethod('x', { summary: 's', result: z.null(), errors: [4000] })).toThrow(
      'error 4000 needs a message',
    );
  });

  it('builds documents that the OpenRPC meta-schema accepts, and only from described methods', async () => {
    const methods = describedMethods([
      { name: 'subscribe', description: { summary: 'x', result: z.string() } },
      { name: 'offline' },
    ]);
    expect(methods.map((m) => m.name)).toEqual(['subscribe']);
    const document = openRpcDocument({ title: 't', version: '1.0.0' }, [subscribe, ...methods.slice(0, 0)]);
    expect(await openRpcProblems(document)).toEqual([]);
    expect((await openRpcProblems({ ...document, methods: [{ name: 'broken' }] })).length).toBeGreaterThan(0);
  });

  it('merges with the first list winning a shared name, and reads methods back from a document', () => {
    const other = { ...subscribe, summary: 'the facade version' };
    const echo = describeMethod('echo', { summary: 'echo', result: z.unknown() });
    expect(mergeMethods([subscribe], [other, echo]).map((m) => [m.name, m.summary])).toEqual([
      ['subscribe', 'Start a ticker'],
      ['echo', 'echo'],
    ]);
    expect(methodsOf(openRpcDocument({ title: 't', version: '1' }, [echo]))).toEqual([echo]);
    expect(methodsOf({ openrpc: '1.3.2', methods: [{ nope: true }] })).toBeUndefined();
    expect(methodsOf('garbage')).toBeUndefined();
  });
});
