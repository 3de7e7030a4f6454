import { JsonRpcErrorCode, JsonRpcException } from '@gatehouse/protocol';
import { parseEnvelope, type RpcMethod } from '@gatehouse/facade-kit';

const numbers = (params: unknown): number[] => {
  if (!Array.isArray(params) || !params.every((n) => typeof n === 'number')) {
    throw new JsonRpcException(JsonRpcErrorCode.InvalidParams, undefined, { fields: ['(params)'] });
  }
  return params as number[];
};

const subtract = (params: unknown): number => {
  if (Array.isArray(params)) {
    const [minuend, subtrahend] = numbers(params);
    return (minuend ?? 0) - (subtrahend ?? 0);
  }
  const named = params as { minuend?: unknown; subtrahend?: unknown } | undefined;
  if (typeof named?.minuend !== 'number' || typeof named.subtrahend !== 'number') {
    throw new JsonRpcException(JsonRpcErrorCode.InvalidParams, undefined, {
      fields: ['minuend', 'subtrahend'],
    });
  }
  return named.minuend - named.subtrahend;
};

const sum = (params: unknown): number => numbers(params).reduce((a, b) => a + b, 0);

/**
 * The example methods of the JSON-RPC 2.0 specification, section 7 (`subtract`, `sum`, `update`,
 * `notify_hello`, `notify_sum`, `get_data`), on the client's params inside the gate's envelope.
 * Only with FACADE_SPEC_EXAMPLES=true: they let the spec's examples run end to end through a gate
 * and this facade.
 */
export const specExampleMethods: readonly RpcMethod[] = [
  { name: 'subtract', call: (p) => subtract(parseEnvelope(p).params) },
  { name: 'sum', call: (p) => sum(parseEnvelope(p).params) },
  { name: 'notify_sum', call: (p) => sum(parseEnvelope(p).params) },
  { name: 'update', call: (p) => void parseEnvelope(p) },
  { name: 'notify_hello', call: (p) => void parseEnvelope(p) },
  { name: 'get_data', call: (p) => (parseEnvelope(p), ['hello', 5]) },
];
