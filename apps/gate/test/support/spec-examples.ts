/** The example server's methods (section 7), given the call's own params. */
export function specMethod(
  method: string,
  params: unknown,
): { result: unknown } | { error: { code: number; message: string } } {
  const nums = (p: unknown): number[] => (Array.isArray(p) ? p.map(Number) : []);
  switch (method) {
    case 'subtract': {
      if (Array.isArray(params)) return { result: Number(params[0]) - Number(params[1]) };
      const named = (params ?? {}) as { minuend?: number; subtrahend?: number };
      return { result: Number(named.minuend) - Number(named.subtrahend) };
    }
    case 'sum':
    case 'notify_sum':
      return { result: nums(params).reduce((a, b) => a + b, 0) };
    case 'get_data':
      return { result: ['hello', 5] };
    case 'update':
    case 'notify_hello':
      return { result: null };
    default:
      return { error: { code: -32601, message: 'Method not found' } };
  }
}
