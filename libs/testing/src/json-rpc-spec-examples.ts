// Shared by every suite that checks JSON-RPC 2.0 behaviour end to end (gate, facade).

/**
 * The examples of JSON-RPC 2.0 section 7, verbatim: what a client sends and what it must get back
 * (undefined: no reply at all). Batch answers may come in any order (section 6).
 */
export interface SpecExample {
  name: string;
  send: string;
  expect: unknown;
}

/**
 * Built on each call because the error answers use jest's `expect.objectContaining`, which exists
 * only inside a test: this library is also loaded by built tools.
 */
export function jsonRpcSpecExamples(): SpecExample[] {
  const err = (code: number, id: string | number | null) => ({
    jsonrpc: '2.0',
    error: expect.objectContaining({ code }),
    id,
  });
  return [
    {
      name: 'positional parameters (1)',
      send: '{"jsonrpc": "2.0", "method": "subtract", "params": [42, 23], "id": 1}',
      expect: { jsonrpc: '2.0', result: 19, id: 1 },
    },
    {
      name: 'positional parameters (2)',
      send: '{"jsonrpc": "2.0", "method": "subtract", "params": [23, 42], "id": 2}',
      expect: { jsonrpc: '2.0', result: -19, id: 2 },
    },
    {
      name: 'named parameters (1)',
      send: '{"jsonrpc": "2.0", "method": "subtract", "params": {"subtrahend": 23, "minuend": 42}, "id": 3}',
      expect: { jsonrpc: '2.0', result: 19, id: 3 },
    },
    {
      name: 'named parameters (2)',
      send: '{"jsonrpc": "2.0", "method": "subtract", "params": {"minuend": 42, "subtrahend": 23}, "id": 4}',
      expect: { jsonrpc: '2.0', result: 19, id: 4 },
    },
    {
      name: 'a notification',
      send: '{"jsonrpc": "2.0", "method": "update", "params": [1,2,3,4,5]}',
      expect: undefined,
    },
    {
      name: 'a notification without params',
      send: '{"jsonrpc": "2.0", "method": "foobar"}',
      expect: undefined,
    },
    {
      name: 'non-existent method',
      send: '{"jsonrpc": "2.0", "method": "foobar", "id": "1"}',
      expect: err(-32601, '1'),
    },
    {
      name: 'invalid JSON',
      send: '{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]',
      expect: err(-32700, null),
    },
    {
      name: 'invalid Request object',
      send: '{"jsonrpc": "2.0", "method": 1, "params": "bar"}',
      expect: err(-32600, null),
    },
    {
      name: 'batch, invalid JSON',
      send: '[\n  {"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},\n  {"jsonrpc": "2.0", "method"\n]',
      expect: err(-32700, null),
    },
    { name: 'empty Array', send: '[]', expect: err(-32600, null) },
    { name: 'invalid batch (but not empty)', send: '[1]', expect: [err(-32600, null)] },
    {
      name: 'invalid batch',
      send: '[1,2,3]',
      expect: [err(-32600, null), err(-32600, null), err(-32600, null)],
    },
    {
      name: 'batch',
      send: `[
        {"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},
        {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]},
        {"jsonrpc": "2.0", "method": "subtract", "params": [42,23], "id": "2"},
        {"foo": "boo"},
        {"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"},
        {"jsonrpc": "2.0", "method": "get_data", "id": "9"}
    ]`,
      expect: [
        { jsonrpc: '2.0', result: 7, id: '1' },
        { jsonrpc: '2.0', result: 19, id: '2' },
        err(-32600, null),
        err(-32601, '5'),
        { jsonrpc: '2.0', result: ['hello', 5], id: '9' },
      ],
    },
    {
      name: 'batch (all notifications)',
      send: '[\n  {"jsonrpc": "2.0", "method": "notify_sum", "params": [1,2,4]},\n  {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]}\n]',
      expect: undefined,
    },
  ];
}

/** Order-free comparison of a batch answer. */
export function sortJsonRpcAnswers(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const key = (a: { id?: unknown; error?: { code?: number } }) =>
    `${JSON.stringify(a.id)}:${a.error?.code ?? 0}`;
  return [...(value as { id?: unknown }[])].sort((a, b) => key(a).localeCompare(key(b)));
}
